package dev.weft.connector;

/** How a trigger learns of events. */
public enum TriggerKind {
    /** The system sends them: the connector holds a subscription ({@link SystemClient#subscribe}). */
    PUSH,
    /** The platform asks for them now and then with a durable cursor ({@link SystemClient#poll}). */
    POLLING
}
