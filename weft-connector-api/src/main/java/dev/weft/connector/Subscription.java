package dev.weft.connector;

/** A running push trigger; closing it stops delivering events (those in hand finish first). */
public interface Subscription extends AutoCloseable {

    /** Whether it is connected and receiving; false while it reconnects. */
    boolean healthy();

    @Override
    void close();
}
