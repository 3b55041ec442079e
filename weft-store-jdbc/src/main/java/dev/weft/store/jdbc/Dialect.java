package dev.weft.store.jdbc;

import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.webhook.ClaimedDelivery;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the SQL of SQLite and PostgreSQL; the stores write everything else once.
 * Implementations are stateless and thread-safe.
 */
interface Dialect {

    /** Claims ready executions (see {@link ClaimRequest}) inside a write transaction. */
    List<ExecutionRecord> claim(StatementCache statements, ClaimRequest request) throws SQLException;

    /**
     * Takes the leases of pending webhook deliveries (see {@link DeliveryClaim}) inside a write transaction
     * and returns them with their messages, oldest due first.
     */
    List<ClaimedDelivery> claimDeliveries(StatementCache statements, DeliveryClaim claim) throws SQLException;

    /**
     * Appended to a SELECT in a write transaction so that the rows it reads stay as read until commit:
     * empty where a write transaction already excludes every other writer.
     */
    String forUpdate();

    /**
     * Appended to a claim's SELECT in a write transaction: locks the rows read and passes over rows another
     * transaction holds locked, so that claimers running at once take different rows; empty where a write
     * transaction already excludes every other writer (the claimer is the only one).
     */
    String forUpdateSkipLocked();

    /** The bytes of a text column's value, 0 for null: how much it takes as UTF-8. */
    String byteLength(String column);

    /**
     * Makes write transactions that take the same key run one after the other, from here until commit;
     * for writes that read before they insert, where no row exists yet to lock.
     */
    void lock(StatementCache statements, String key) throws SQLException;

    /**
     * A condition (starting with {@code AND}) that holds back the events of transactions that may still
     * commit, so that the feed read in (tx, seq) order never gains a row before one already read: empty
     * where writers take turns.
     */
    String eventHorizon();

    /**
     * The event feed's order, for {@code ORDER BY}: (tx, seq), or the reverse. Where {@code tx} is always 0
     * (SQLite) it is {@code seq} alone, the table's row id: ordered by (tx, seq) SQLite would read and sort
     * the whole table for every read of the feed.
     */
    String feedOrder(boolean newestFirst);

    /**
     * The condition "after the position (?, ?)", bound with its tx and then its seq, in the form that the
     * index of {@link #feedOrder} serves.
     */
    String feedAfter();

    /**
     * {@code column} compared code point by code point, whatever the database's collation: a range on it
     * ({@code >= prefix AND < successor}) selects exactly the values that start with a prefix, and an index
     * declared on the same expression serves it.
     */
    String binary(String column);

    /**
     * The executions list's order when it searches by an id prefix ({@code created_at DESC, id DESC}, in a form
     * the planner may or may not serve from the list index). PostgreSQL weighs the prefix's ranges against the
     * index by its statistics; SQLite, without them, would walk the whole list index to avoid a sort, so there
     * the order is an expression it cannot read from an index, and it reads the prefix's two ranges and sorts
     * what they hold.
     */
    String prefixListOrder();

    /**
     * Joins {@code table alias} to each row read before it by the condition {@code on}, one look-up by the
     * table's index per row: {@code CROSS JOIN LATERAL} on PostgreSQL, whose planner would otherwise read the
     * whole table for a hash join when the rows before are many; a plain join on SQLite, which always loops.
     */
    String joinEach(String table, String alias, String on);

    /** The statements on data sync's links, which differ in shape (see {@link SyncLinks}). */
    SyncLinks syncLinks();
}
