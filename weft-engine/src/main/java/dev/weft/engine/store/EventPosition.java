package dev.weft.engine.store;

/**
 * A place in the event feed: events are read in ascending (transaction, sequence) order, and a position
 * names the last event a reader has seen. On SQLite, whose writers take turns, {@code tx} is always 0 and
 * the sequence alone is commit order; on PostgreSQL {@code tx} is the writing transaction's id, and a reader
 * only sees transactions older than every one still running, so that no event can later appear before a
 * position already read (see {@code docs/design/event-feed.md}). Immutable.
 *
 * @param tx the writing transaction's id (0 on SQLite)
 * @param seq the event's sequence number, unique in the store
 */
public record EventPosition(long tx, long seq) implements Comparable<EventPosition> {

    /** Before every event. */
    public static final EventPosition START = new EventPosition(0, 0);

    public EventPosition {
        if (tx < 0 || seq < 0) {
            throw new IllegalArgumentException("an event position is two non-negative numbers, but was "
                    + tx + "-" + seq);
        }
    }

    /**
     * Reads the text of {@link #toString()}: {@code tx-seq}.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static EventPosition parse(String text) {
        int dash = text == null ? -1 : text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new IllegalArgumentException("an event cursor is written TX-SEQ as returned in 'next',"
                    + " such as 0-42, but was '" + text + "'");
        }
        try {
            return new EventPosition(Long.parseLong(text.substring(0, dash)),
                    Long.parseLong(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an event cursor is written TX-SEQ as returned in 'next',"
                    + " such as 0-42, but was '" + text + "'");
        }
    }

    @Override
    public int compareTo(EventPosition o) {
        int byTx = Long.compare(tx, o.tx);
        return byTx != 0 ? byTx : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return tx + "-" + seq;
    }
}
