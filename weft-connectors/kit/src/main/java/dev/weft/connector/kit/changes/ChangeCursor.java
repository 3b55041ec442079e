package dev.weft.connector.kit.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where a {@code <connector>.changed} trigger's last poll ended: the mark (the largest modified-since value
 * taken), the ids taken at exactly that mark, and, when a whole page shared the mark, where to read on. The
 * vendor is asked for records at or after the mark, ordered by it; {@link #take} decides which of a page's
 * records are new and what the cursor is after them. Stored as {@link #toJson()} in the shape its
 * {@link CursorFormat} says, and read back with {@link CursorFormat#read}. Immutable and thread-safe.
 *
 * <p>Rules, which every trigger on it keeps alike:
 * <ul>
 * <li>a record before the mark is old, and so is one at the mark whose id was taken there: neither is
 * taken (a record whose mark went backwards is not taken again);
 * <li>the new mark is the largest taken; the ids kept are those taken at it (with those kept before, when it
 * did not move), oldest first;
 * <li>a full page whose records moved the mark nowhere (all of them at it) would be read again for ever: the
 * next poll reads on from where this one stopped, at the same mark; any other page restarts paging at the
 * new mark;
 * <li>at most {@link CursorFormat#seenLimit()} ids are kept at one mark: past it the earliest taken are
 * dropped, and {@link Step#overflowed()} says so. Those records may then be offered again by a poll that
 * reads the mark from its first page, with the same event ids, which the platform takes once.
 * </ul>
 */
public final class ChangeCursor {
    private final CursorFormat format;
    private final ObjectNode scope;
    private final JsonNode mark;
    private final List<String> seen;
    private final Set<String> seenSet;
    private final JsonNode paging;

    ChangeCursor(CursorFormat format, ObjectNode scope, JsonNode mark, List<String> seen, JsonNode paging) {
        this.format = Objects.requireNonNull(format, "format");
        this.scope = Objects.requireNonNull(scope, "scope").deepCopy();
        format.order().check(mark);
        // One number, one node: 100 read back from storage (an int) equals the 100 a record gave (a long).
        this.mark = mark.isIntegralNumber() && mark.canConvertToLong()
                ? JsonNodeFactory.instance.numberNode(mark.longValue())
                : mark;
        this.seen = List.copyOf(seen);
        this.seenSet = Set.copyOf(seen);
        this.paging = paging == null || paging.isNull() ? null : paging;
    }

    /** The records of one page that are new, in the page's order, and the cursor after them. */
    public record Step(List<Change> taken, ChangeCursor next, boolean overflowed) {
        public Step {
            taken = List.copyOf(taken);
            Objects.requireNonNull(next, "next");
        }
    }

    /** The largest mark taken so far (or the first poll's lower bound). */
    public JsonNode mark() {
        return mark;
    }

    /** The ids taken at the mark, oldest first. */
    public List<String> seen() {
        return seen;
    }

    /** The page number or offset to read at the mark: the format's start unless a poll stopped mid-mark. */
    public int pagingNumber() {
        if (format.paging() != CursorFormat.Paging.PAGE_NUMBER
                && format.paging() != CursorFormat.Paging.OFFSET) {
            throw new IllegalStateException(format.trigger() + " pages by " + format.paging());
        }
        return (paging == null ? format.pagingStart() : paging).intValue();
    }

    /** The vendor's token to read on with, or null to ask from the mark afresh. */
    public String pagingToken() {
        if (format.paging() != CursorFormat.Paging.TOKEN) {
            throw new IllegalStateException(format.trigger() + " pages by " + format.paging());
        }
        return paging == null ? null : paging.asText();
    }

    /** Whether a record is new: after the mark, or at it and not taken there yet. */
    public boolean isNew(Change change) {
        int order = format.order().compare(change.mark(), mark);
        return order > 0 || order == 0 && !seenSet.contains(change.id());
    }

    /**
     * The new records of one page read from this cursor, and the cursor after them.
     *
     * @param page the page's records in the vendor's order (by mark, then id where it orders by id)
     * @param full whether more records may follow this page (it was as long as asked for, or the vendor said
     *     so): with a page number or offset, the next poll reads on at the mark when the mark did not move
     */
    public Step take(List<Change> page, boolean full) {
        if (format.paging() == CursorFormat.Paging.TOKEN) {
            throw new IllegalStateException(format.trigger() + " pages by a token: take(page, token)");
        }
        JsonNode rest = null;
        if (full && format.paging() == CursorFormat.Paging.PAGE_NUMBER) {
            rest = JsonNodeFactory.instance.numberNode(pagingNumber() + 1);
        } else if (full && format.paging() == CursorFormat.Paging.OFFSET) {
            rest = JsonNodeFactory.instance.numberNode(pagingNumber() + page.size());
        }
        return step(page, rest, false);
    }

    /**
     * The new records of one page, and the cursor after them, for a trigger that pages by the vendor's token.
     *
     * @param next the token that reads the page after this one of the same query, or null when it is the last:
     *     kept for the next poll only when the mark did not move
     */
    public Step take(List<Change> page, String next) {
        requireToken();
        return step(page, next == null ? null : JsonNodeFactory.instance.textNode(next), false);
    }

    /**
     * Like {@link #take(List, String)}, but the next poll follows {@code next} even when the mark moved: for a
     * vendor whose token continues the same ordered query (an OData next link), whose later pages hold only
     * records at or after this page's last.
     */
    public Step follow(List<Change> page, String next) {
        requireToken();
        return step(page, next == null ? null : JsonNodeFactory.instance.textNode(next), true);
    }

    private void requireToken() {
        if (format.paging() != CursorFormat.Paging.TOKEN) {
            throw new IllegalStateException(format.trigger() + " pages by " + format.paging()
                    + ": take(page, full)");
        }
    }

    private Step step(List<Change> page, JsonNode rest, boolean always) {
        MarkOrder order = format.order();
        List<Change> taken = new ArrayList<>();
        JsonNode newMark = mark;
        LinkedHashSet<String> ids = new LinkedHashSet<>(seen);
        for (Change change : page) {
            if (!isNew(change)) {
                continue; // before the mark, or taken at it already
            }
            int against = order.compare(change.mark(), newMark);
            if (against > 0) {
                newMark = change.mark();
                ids.clear();
            } else if (against == 0 && ids.contains(change.id())) {
                continue; // the same record twice in one page
            }
            if (against >= 0) {
                ids.add(change.id());
            }
            taken.add(change);
        }
        boolean overflowed = ids.size() > format.seenLimit();
        List<String> kept = new ArrayList<>(ids);
        if (overflowed) {
            kept = kept.subList(kept.size() - format.seenLimit(), kept.size());
        }
        boolean stayed = order.compare(newMark, mark) == 0;
        JsonNode paging = always || stayed ? rest : null;
        return new Step(taken, new ChangeCursor(format, scope, newMark, kept, paging), overflowed);
    }

    /** A cursor at another mark with nothing taken at it, such as just past a mark a vendor cannot page through. */
    public ChangeCursor restartAt(JsonNode newMark) {
        return new ChangeCursor(format, scope, newMark, List.of(), null);
    }

    /** The cursor as the platform stores it: the scope's fields, the mark, the ids and the paging field. */
    public ObjectNode toJson() {
        ObjectNode json = scope.deepCopy();
        json.set(CursorFormat.SINCE, mark);
        ArrayNode ids = json.putArray(CursorFormat.SEEN);
        seen.forEach(ids::add);
        if (format.pagingField() != null) {
            JsonNode value = paging == null ? format.pagingStart() : paging;
            if (value != null) {
                json.set(format.pagingField(), value);
            }
        }
        return json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeCursor c && c.format.equals(format) && c.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return format.trigger() + " cursor " + toJson();
    }
}
