package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * What {@code http.poll} remembers between polls, stored by the platform after the events' executions:
 * {@code {"id": "/id", "sinceField": "/updatedAt", "since": "2025-03-04T10:15:00Z", "seen": [...]}}. The
 * {@code seen} event ids are bounded by {@code remember}: without {@code since}, the ids of the last
 * response that were turned into events (then older ones); with it, the ids of the events at exactly the
 * {@code since} value, which the next response (asked for values from it on) returns again. Immutable.
 *
 * @param id the {@code id} pointer the ids were made with, or null for item hashes
 * @param sinceField the {@code since.field} pointer, or null
 * @param since the largest {@code since} value turned into an event, or null
 * @param seen event ids already turned into events, those to keep longest first
 */
record PollCursor(String id, String sinceField, JsonNode since, List<String> seen, int remember) {

    /** An event taken in this poll, with its since value. */
    record Seen(String eventId, JsonNode since) {
    }

    PollCursor {
        seen = List.copyOf(seen);
    }

    /**
     * The stored cursor, or a fresh one on the first poll. A cursor made with another {@code id} or
     * {@code since.field} cannot tell what was seen: the trigger starts afresh, and says so.
     */
    static PollCursor read(JsonNode json, PollTrigger.Config config, Logger logger) {
        String id = config.id() == null ? null : config.id().toString();
        String sinceField = config.sinceField() == null ? null : config.sinceField().toString();
        PollCursor fresh = new PollCursor(id, sinceField, null, List.of(), config.remember());
        if (json == null || json.isNull() || !json.isObject()) {
            return fresh;
        }
        String storedId = json.path("id").isTextual() ? json.get("id").textValue() : null;
        String storedSince = json.path("sinceField").isTextual() ? json.get("sinceField").textValue() : null;
        if (!Objects.equals(storedId, id) || !Objects.equals(storedSince, sinceField)) {
            logger.warn(
                    "{}: the stored cursor was made with id {} and since.field {}, the trigger now says {}"
                            + " and {}: starting afresh, so the items of the next response become events again",
                    PollTrigger.NAME, storedId, storedSince, id, sinceField);
            return fresh;
        }
        List<String> seen = new ArrayList<>();
        json.path("seen").forEach(s -> seen.add(s.asText()));
        JsonNode since = json.path("since");
        return new PollCursor(id, sinceField, since.isTextual() || since.isNumber() ? since : null, seen,
                config.remember());
    }

    /** An item's id when the trigger names no {@code id}: the same item gives the same hash, whatever its keys' order. */
    static String hash(JsonNode item) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(canonical(item).toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return node;
    }

    /**
     * After a poll without {@code since}: the response's ids that are events now or were before, in the
     * response's order, then the other remembered ones, the first {@code remember} of them kept. Ids of
     * the response not yet taken (beyond the poll's maximum) stay out, to be taken next time.
     */
    PollCursor afterWindow(List<String> responseIds, Set<String> taken) {
        Set<String> kept = new LinkedHashSet<>();
        Set<String> before = new java.util.HashSet<>(seen);
        for (String eventId : responseIds) {
            if (taken.contains(eventId) || before.contains(eventId)) {
                kept.add(eventId);
            }
        }
        kept.addAll(seen); // those of the response are in already; the rest after them, the oldest last
        return new PollCursor(id, sinceField, null, kept.stream().limit(remember).toList(), remember);
    }

    /**
     * After a poll with {@code since}: the largest value taken, and the ids taken at exactly that value
     * (with those remembered before, when the value did not move), the last {@code remember} of them kept.
     */
    PollCursor afterSince(List<Seen> taken) {
        if (taken.isEmpty()) {
            return this;
        }
        JsonNode largest = since;
        for (Seen s : taken) {
            if (largest == null || PollTrigger.compareUnchecked(s.since(), largest) > 0) {
                largest = s.since();
            }
        }
        Set<String> atLargest = new LinkedHashSet<>();
        for (Seen s : taken) {
            if (PollTrigger.compareUnchecked(s.since(), largest) == 0) {
                atLargest.add(s.eventId());
            }
        }
        if (since != null && PollTrigger.compareUnchecked(since, largest) == 0) {
            atLargest.addAll(seen);
        }
        return new PollCursor(id, sinceField, largest, atLargest.stream().limit(remember).toList(), remember);
    }

    JsonNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("sinceField", sinceField);
        json.set("since", since == null ? JsonNodeFactory.instance.nullNode() : since);
        ArrayNode ids = json.putArray("seen");
        seen.forEach(ids::add);
        return json;
    }
}
