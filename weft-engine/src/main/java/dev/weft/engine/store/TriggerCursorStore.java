package dev.weft.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Where polling triggers keep their cursors: how far each has read its system. Written after the
 * executions of a poll's events are committed, so a crash repeats a poll, and the events' ids keep it
 * from starting anything twice. Implementations are thread-safe and durable.
 */
public interface TriggerCursorStore {

    /** The cursor saved under {@code key}, or empty before the first poll. */
    Optional<JsonNode> cursor(String tenantId, String key);

    /** Saves (or replaces) the cursor under {@code key}. */
    void saveCursor(String tenantId, String key, JsonNode cursor, Instant now);

    /**
     * Saves {@code next} under {@code key} only while the stored cursor is still {@code expected} (empty: none
     * is stored), atomically: a poll does not write back a cursor that was reset, or moved by another node's
     * poll, since it read it.
     *
     * @return whether {@code next} was saved
     */
    boolean replaceCursor(String tenantId, String key, Optional<JsonNode> expected, JsonNode next,
            Instant now);

    /** Removes the cursor under {@code key}, so that the trigger's next poll is its first; whether there was one. */
    boolean deleteCursor(String tenantId, String key);
}
