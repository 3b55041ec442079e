package dev.weft.connector.kit.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one trigger stores its {@link ChangeCursor}: the kind of its mark, the names of its fields, and the
 * bound on the ids kept at the mark. The stored shape is an object of the trigger's scope fields (what the
 * cursor is for, such as {@code "resource": "invoices"}), {@code "since"} (the mark), {@code "seen"} (the ids
 * taken at it, oldest first) and, for a trigger that pages, its paging field: so the cursors the nine
 * business connectors stored before this type existed read as they are. Immutable and thread-safe.
 *
 * @param trigger the trigger's name, such as {@code dolibarr.changed}: errors say it, and are coded
 *     {@code dolibarr.cursor}
 * @param order the kind of mark
 * @param pagingField the paging field's name, or null for a trigger that does not page at a mark
 * @param paging how the trigger pages at a mark
 * @param pagingStart the paging value written when the next poll starts at the mark: the first page's number,
 *     offset 0, or for a token JSON null (written so) or null (the field left out)
 * @param seenLimit how many ids at one mark are kept at most: past it, the earliest taken are dropped
 */
public record CursorFormat(String trigger, MarkOrder order, String pagingField, Paging paging,
        JsonNode pagingStart, int seenLimit) {

    /** How a trigger reads on at one mark. */
    public enum Paging {
        /** It does not: a keyset query, or a trigger that reads what it needs in one poll. */
        NONE,
        /** By page number. */
        PAGE_NUMBER,
        /** By the count of records to skip. */
        OFFSET,
        /** By a token the vendor answers with a page. */
        TOKEN
    }

    /** The mark's field. */
    public static final String SINCE = "since";
    /** The field of the ids taken at the mark. */
    public static final String SEEN = "seen";
    /**
     * Ids kept at one mark by default: more than any page a vendor answers, as many as HubSpot's search reaches
     * for one query, and a stored cursor of a few hundred kilobytes at worst.
     */
    public static final int DEFAULT_SEEN_LIMIT = 10_000;

    public CursorFormat {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(order, "order");
        if (pagingField != null && (pagingField.equals(SINCE) || pagingField.equals(SEEN))) {
            throw new IllegalArgumentException("the paging field must not be named " + pagingField);
        }
        Objects.requireNonNull(paging, "paging");
        if ((pagingField == null) != (paging == Paging.NONE)) {
            throw new IllegalArgumentException("a paging field is named exactly when the trigger pages, but"
                    + " the field was " + pagingField + " and the paging " + paging);
        }
        if ((paging == Paging.PAGE_NUMBER || paging == Paging.OFFSET)
                && (pagingStart == null || !pagingStart.isIntegralNumber() || pagingStart.intValue() < 0)) {
            throw new IllegalArgumentException("a page number or offset starts at a whole number from 0, but"
                    + " was " + pagingStart);
        }
        if (paging == Paging.TOKEN && pagingStart != null && !pagingStart.isNull()) {
            throw new IllegalArgumentException("a token's start is null or left out, but was " + pagingStart);
        }
        if (seenLimit < 1) {
            throw new IllegalArgumentException("seenLimit must be at least 1, but was " + seenLimit);
        }
    }

    /** A trigger that does not page at a mark (a keyset query, or one that reads all it needs at once). */
    public static CursorFormat of(String trigger, MarkOrder order) {
        return new CursorFormat(trigger, order, null, Paging.NONE, null, DEFAULT_SEEN_LIMIT);
    }

    /**
     * Pages at a mark by page number: {@code first} is the first page's (0 or 1), the next poll reads the one
     * after.
     */
    public CursorFormat withPageNumber(String field, int first) {
        return new CursorFormat(trigger, order, Objects.requireNonNull(field, "field"), Paging.PAGE_NUMBER,
                JsonNodeFactory.instance.numberNode(first), seenLimit);
    }

    /** Pages at a mark by offset from 0: the next poll skips the records read so far. */
    public CursorFormat withOffset(String field) {
        return new CursorFormat(trigger, order, Objects.requireNonNull(field, "field"), Paging.OFFSET,
                JsonNodeFactory.instance.numberNode(0), seenLimit);
    }

    /**
     * Pages by a token the vendor answers (an {@code after} value, a next link); with none, the field is
     * written as JSON null when {@code nullWhenNone}, else left out.
     */
    public CursorFormat withToken(String field, boolean nullWhenNone) {
        return new CursorFormat(trigger, order, Objects.requireNonNull(field, "field"), Paging.TOKEN,
                nullWhenNone ? JsonNodeFactory.instance.nullNode() : null, seenLimit);
    }

    public CursorFormat withSeenLimit(int limit) {
        return new CursorFormat(trigger, order, pagingField, paging, pagingStart, limit);
    }

    /** A cursor at {@code mark} with nothing taken at it yet: the first poll's. */
    public ChangeCursor start(ObjectNode scope, JsonNode mark) {
        return new ChangeCursor(this, scope, mark, List.of(), null);
    }

    /**
     * The stored cursor, if it is this trigger's for {@code scope}. Empty on the first poll (no cursor), and
     * when the cursor was stored for another scope (the flow's trigger now names another resource): the
     * trigger then starts afresh, as from a first poll.
     *
     * @throws ConnectorException permanent, coded {@code <connector>.cursor}, when the stored cursor is not
     *     this trigger's (another trigger's shape) or is damaged (a field of the wrong type); the message names
     *     the field and what it should hold
     */
    public Optional<ChangeCursor> read(JsonNode stored, ObjectNode scope) throws ConnectorException {
        if (stored == null || stored.isNull() || stored.isMissingNode()) {
            return Optional.empty();
        }
        if (!stored.isObject()) {
            throw damaged("it is " + describe(stored) + ", not a JSON object");
        }
        boolean ours = true;
        boolean related = stored.has(SINCE);
        for (Map.Entry<String, JsonNode> field : scope.properties()) {
            ours &= field.getValue().equals(stored.get(field.getKey()));
            related |= stored.has(field.getKey());
        }
        if (!related) {
            List<String> names = stored.properties().stream().map(Map.Entry::getKey).toList();
            throw ConnectorException.permanent(code(), trigger + ": the stored cursor is not one of this"
                    + " trigger's (it has the fields " + names + ", where " + trigger + " writes "
                    + expectedFields(scope) + "): reset the trigger's cursor to start over", null, null);
        }
        if (!ours) {
            return Optional.empty();
        }
        JsonNode mark = stored.get(SINCE);
        if (mark == null || !order.fits(mark)) {
            throw damaged("its '" + SINCE + "' must be " + order.expected() + ", but was "
                    + describe(mark));
        }
        JsonNode ids = stored.get(SEEN);
        List<String> seen = new ArrayList<>();
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw damaged("its '" + SEEN + "' must be an array of ids, but was " + describe(ids));
            }
            for (JsonNode id : ids) {
                if (!id.isTextual() && !id.isNumber()) {
                    throw damaged("its '" + SEEN + "' must hold ids (strings or numbers), but held "
                            + describe(id));
                }
                seen.add(id.asText());
            }
        }
        return Optional.of(new ChangeCursor(this, scope, mark, seen, paging(stored.get(pagingField))));
    }

    private JsonNode paging(JsonNode value) throws ConnectorException {
        if (pagingField == null || value == null || value.isNull()) {
            return null;
        }
        if (paging != Paging.TOKEN) {
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
                throw damaged("its '" + pagingField + "' must be a whole number from 0, but was "
                        + describe(value));
            }
            return value;
        }
        if (!value.isTextual()) {
            throw damaged("its '" + pagingField + "' must be a string, but was " + describe(value));
        }
        return value;
    }

    private String expectedFields(ObjectNode scope) {
        List<String> names = new ArrayList<>(scope.properties().stream().map(Map.Entry::getKey).toList());
        names.add(SINCE);
        names.add(SEEN);
        if (pagingField != null) {
            names.add(pagingField);
        }
        return names.toString();
    }

    private ConnectorException damaged(String problem) {
        return ConnectorException.permanent(code(), trigger + ": the stored cursor is damaged: " + problem
                + ": reset the trigger's cursor to start over", null, null);
    }

    String code() {
        int dot = trigger.indexOf('.');
        return (dot < 0 ? trigger : trigger.substring(0, dot)) + ".cursor";
    }

    /** A value for a message: its type, and its text cut short (a cursor holds no secret, but may be long). */
    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        String text = value.toString();
        return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }
}
