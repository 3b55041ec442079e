package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.sync.ConflictRule;
import dev.weft.sync.DeletePolicy;
import dev.weft.sync.Direction;
import dev.weft.sync.SideSpec;
import dev.weft.sync.SyncJob;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A job ready to run: its mappings compiled, and what a record's content and hash are. Records of the two
 * sides are compared as the fields of the <em>target</em> side (the right side, or the left one in a
 * {@code right_to_left} job): the other side's records through the mapping, the target's as they are.
 * A side's hash covers what the sync writes into it and what it sends out of it, so that the sync's own write
 * read back hashes as the link remembers it and is not echoed, and a change to a field the sync does not
 * carry is not a change. Immutable and thread-safe.
 */
final class JobPlan {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SyncJob job;
    private final Mapping toRight;
    private final Mapping toLeft;
    private final SyncSide target;

    JobPlan(SyncJob job) {
        this.job = job;
        this.toRight = job.toRight() == null ? null : Mapping.of(job.toRight());
        this.toLeft = job.toLeft() == null ? null : Mapping.of(job.toLeft());
        this.target = toRight != null ? SyncSide.RIGHT : SyncSide.LEFT;
    }

    SyncJob job() {
        return job;
    }

    SideSpec spec(SyncSide side) {
        return job.side(side);
    }

    boolean twoWay() {
        return job.direction() == Direction.BOTH;
    }

    /** The side whose fields records are compared as: written by the job's main mapping. */
    SyncSide target() {
        return target;
    }

    /**
     * Whether the other side's current record must be read before writing (to see whether it changed too),
     * and written records read back (so that their hash is of what the system stored).
     */
    boolean comparesBothSides() {
        return twoWay() || job.conflicts().rule() != ConflictRule.SOURCE_WINS;
    }

    /** Whether links keep the last synced content, for merges. */
    boolean keepsBase() {
        return twoWay();
    }

    /** The mapping that writes records into {@code side}, or null when nothing is written there. */
    Mapping into(SyncSide side) {
        return side == SyncSide.LEFT ? toLeft : toRight;
    }

    /** The record of the other side that {@code record} of {@code side} maps to, or null when none is made. */
    ObjectNode out(SyncSide side, JsonNode record) throws ExpressionException {
        Mapping m = into(side.other());
        return m == null ? null : m.apply(record);
    }

    /** A record's content as the target side's fields; {@code out} is {@link #out} of it, when known. */
    ObjectNode content(SyncSide side, JsonNode record, ObjectNode out) throws ExpressionException {
        if (side == target) {
            return into(target).project(record);
        }
        return out != null ? out : into(target).apply(record);
    }

    /** A record's hash; {@code out} is {@link #out} of it, when known. */
    String hash(SyncSide side, JsonNode record, ObjectNode out) throws ExpressionException {
        ArrayNode parts = NODES.arrayNode();
        Mapping in = into(side);
        parts.add(in == null ? NODES.nullNode() : in.project(record));
        JsonNode sent = out != null ? out : out(side, record);
        parts.add(sent == null ? NODES.nullNode() : sent);
        return Canonical.hash(parts);
    }

    /**
     * Whether a record of {@code side} without a link is the mark of a record deleted on the other side
     * ({@code deletes: mark} sets it and drops the link): it is not a new record to copy back, which would
     * bring the deleted one back. Only a side the job writes into has marks.
     */
    boolean deletionMark(SyncSide side, JsonNode record) {
        DeletePolicy deletes = job.deletes();
        return deletes.action() == DeletePolicy.Action.MARK && into(side) != null
                && Canonical.same(record.get(deletes.field()), deletes.value());
    }

    /** A record's modified-at (its cursor field), or null when the side has none or it is not a time. */
    Instant modified(SyncSide side, JsonNode record) {
        String cursor = spec(side).cursor();
        JsonNode v = cursor == null ? null : record.get(cursor);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return Instant.ofEpochMilli(v.longValue());
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v.asText());
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
