package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Writes many records so that each gets a result of its own. All of them go in one transaction first. When
 * the database refuses that for a record's sake (a constraint, a value it cannot take), the transaction is
 * rolled back and the records are tried again in smaller transactions (about the square root of the
 * refused count each), down to one record per transaction, so that every good record is written and each
 * bad one is answered with its own error. Shrinking by square roots keeps a batch of 10,000 with one bad
 * record to about 120 transactions instead of 10,000. A failure that is no record's (the connection, a
 * timeout, a deadlock, a cancellation, a missing table or privilege) fails the whole call, and a retry
 * repeats it: the writes are idempotent. Stateless.
 */
final class RecordBatches {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** PostgreSQL: no such table or schema, no privilege; the same for MariaDB by its error codes. */
    private static final Set<String> CALL_STATES = Set.of("42P01", "3F000", "42501");
    private static final Set<Integer> MARIADB_CALL_CODES = Set.of(1142, 1143, 1146, 1044);

    /** Writes some of the records in the connection's open transaction and answers each in results. */
    @FunctionalInterface
    interface Batch {
        void write(Connection connection, List<Integer> records, ObjectNode[] results)
                throws SQLException, ConnectorException;
    }

    private RecordBatches() {
    }

    /**
     * The results of writing records 0 to {@code count - 1}, in that order.
     *
     * @param session a statement setting up the connection's session first (undone by its reset), or null
     */
    static ArrayNode run(Database db, String operation, CallScope scope, int count, String session,
            Batch batch)
            throws SQLException, ConnectorException {
        ObjectNode[] results = new ObjectNode[count];
        List<Integer> all = IntStream.range(0, count).boxed().toList();
        db.transactions(connection -> {
            if (session != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(session);
                }
            }
            attempt(db, operation, scope, connection, all, batch, results);
            return null;
        });
        ArrayNode out = NODES.arrayNode();
        for (ObjectNode result : results) {
            out.add(result);
        }
        return out;
    }

    private static void attempt(Database db, String operation, CallScope scope, Connection connection,
            List<Integer> records, Batch batch, ObjectNode[] results)
            throws SQLException, ConnectorException {
        try {
            batch.write(connection, records, results);
            connection.commit(); // a deferred constraint fails here, as the records' fault
            return;
        } catch (SQLException e) {
            ConnectorException error = SqlErrors.of(db.config(), operation, e, scope, -1);
            if (!recordsFault(db.dialect(), error)) {
                throw e;
            }
            connection.rollback();
            if (records.size() == 1) {
                results[records.get(0)] = failed(error);
                return;
            }
            int size = (int) Math.sqrt(records.size()); // less than the count from 2 on: each step shrinks
            for (int from = 0; from < records.size(); from += size) {
                attempt(db, operation, scope, connection,
                        records.subList(from, Math.min(records.size(), from + size)), batch, results);
            }
        }
    }

    /** Whether an error is one of the records' (a constraint, bad data, a column), not the call's. */
    private static boolean recordsFault(Dialect d, ConnectorException error) {
        String code = error.code();
        if (error.retryable() || !(code.equals(d.id() + ".constraint") || code.equals(d.id() + ".data")
                || code.equals(d.id() + ".sql"))) {
            return false;
        }
        JsonNode details = error.details();
        return details == null
                || !CALL_STATES.contains(details.path("sqlState").asText())
                        && !(d == Dialect.MARIADB && MARIADB_CALL_CODES.contains(details.path("vendorCode")
                                .asInt()));
    }

    static ObjectNode ok() {
        return NODES.objectNode().put("ok", true);
    }

    private static ObjectNode failed(ConnectorException error) {
        return NODES.objectNode().put("ok", false).put("code", error.code()).put("message",
                error.getMessage());
    }
}
