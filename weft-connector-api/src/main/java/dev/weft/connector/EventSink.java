package dev.weft.connector;

/**
 * Where a push trigger hands its events: each call returns once the event's execution is durably queued
 * (or known to be a duplicate), so the connector acknowledges the message to its system only then.
 * Implemented by the platform; thread-safe.
 */
public interface EventSink {

    /** What became of an event, and so what the connector tells its system. */
    enum Outcome {
        /** An execution is durably queued for it: acknowledge. */
        QUEUED,
        /** Its id started an execution already: acknowledge. */
        DUPLICATE,
        /** It can never start an execution (its data does not fit the flow's input): dead-letter it. */
        REJECTED,
        /** It could not be queued now (the store is unreachable, the platform is stopping): redeliver. */
        FAILED
    }

    /** Starts an execution for {@code event}; blocks until that is durable or has failed. */
    Outcome accept(Event event) throws InterruptedException;
}
