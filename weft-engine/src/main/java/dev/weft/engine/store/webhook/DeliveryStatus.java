package dev.weft.engine.store.webhook;

import java.util.Locale;

/** Where a delivery (one message to one endpoint) stands. */
public enum DeliveryStatus {
    /** Due at its {@code dueAt}: not tried yet, or failed and waiting for its next attempt. */
    PENDING,
    /** An attempt got a 2xx. */
    SUCCEEDED,
    /**
     * Given up: every attempt of its schedule failed, or its endpoint was disabled. Kept (a dead letter) until
     * retention deletes it; a retry or a replay makes it pending again.
     */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the values */
    public static DeliveryStatus ofWireName(String name) {
        for (DeliveryStatus s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("a delivery status is pending, succeeded or failed, but was '"
                + name + "'");
    }
}
