package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.store.sync.SyncBatch;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second half of a page: writes what {@link PageProcessor} decided, each side once, reads the written
 * records back where their hashes must be of what the systems stored, and adds the links, counts and failures
 * to the run's {@link Batch}. A record a side refuses is that record's failure only. Not thread-safe: one per
 * run.
 */
final class PageWriter {
    private final JobPlan plan;
    private final SyncRun run;
    private final Map<SyncSide, SideRecords> sides;
    private final Set<String> failedBefore;
    private final Clock clock;

    PageWriter(JobPlan plan, SyncRun run, Map<SyncSide, SideRecords> sides, Set<String> failedBefore,
            Clock clock) {
        this.plan = plan;
        this.run = run;
        this.sides = sides;
        this.failedBefore = failedBefore;
        this.clock = clock;
    }

    /**
     * Writes each side once for the page; a refused record fails alone. A record whose key on a side is
     * known (linked, or matched already) is written by that key, so that a change of the mapped key or matched
     * fields themselves updates the linked record instead of making another; records new to a side matched by
     * other fields than its key are written by those fields, reading back the key the side made.
     */
    void write(SyncSide s, List<PageItem> changed, Batch batch, String callKey)
            throws ConnectorException {
        for (SyncSide side : SyncSide.values()) {
            List<PageItem> writers = changed.stream().filter(i -> !i.failed && i.writes.containsKey(side))
                    .toList();
            var spec = plan.spec(side);
            List<PageItem> known = new ArrayList<>();
            List<PageItem> unknown = new ArrayList<>();
            for (PageItem item : writers) {
                String key = side == s ? item.key : item.otherKey;
                if (key == null) {
                    unknown.add(item);
                    continue;
                }
                ObjectNode write = item.writes.get(side).deepCopy();
                JsonNode values = Canonical.values(key);
                for (int k = 0; k < spec.key().size(); k++) {
                    write.set(spec.key().get(k), values.get(k));
                }
                item.writes.put(side, write);
                known.add(item);
            }
            if (spec.match().isEmpty()) { // the mapping gives the key of a record new to that side
                known.addAll(unknown);
                unknown.clear();
            }
            write(s, side, known, spec.key(), List.of(), batch, callKey + ":w" + side.label());
            write(s, side, unknown, spec.match(), spec.key(), batch, callKey + ":m" + side.label());
        }
    }

    private void write(SyncSide s, SyncSide side, List<PageItem> writers, List<String> key,
            List<String> returning,
            Batch batch, String callKey) throws ConnectorException {
        if (writers.isEmpty()) {
            return;
        }
        var spec = plan.spec(side);
        List<SideRecords.Written> results = sides.get(side).write(key,
                writers.stream().map(i -> i.writes.get(side)).toList(), returning, callKey);
        for (int i = 0; i < writers.size(); i++) {
            PageItem item = writers.get(i);
            SideRecords.Written r = results.get(i);
            if (!r.ok()) {
                fail(batch, s, item, r.code(),
                        "the " + side.label() + " side (" + spec.system() + ") refused"
                                + " it: " + r.message());
            } else if (r.returned() != null && r.returned().isObject()) {
                item.writes.get(side).setAll((ObjectNode) r.returned());
            }
        }
    }

    /** The links of the records synced, with the hashes of what each side holds now. */
    void link(SyncSide s, List<PageItem> changed, Batch batch, String callKey) throws ConnectorException {
        SyncSide t = s.other();
        List<PageItem> done = changed.stream().filter(i -> !i.failed).toList();
        for (PageItem item : done) {
            item.after.put(s, item.record);
            if (item.other != null) {
                item.after.put(t, item.other);
            }
            ObjectNode wroteOther = item.writes.get(t);
            if (item.otherKey == null && wroteOther != null) {
                item.otherKey = Canonical.key(wroteOther, plan.spec(t).key());
            }
        }
        if (plan.comparesBothSides()) {
            readBack(s, done, callKey);
        } else {
            for (PageItem item : done) {
                item.after.put(t, item.writes.get(t));
            }
        }
        Instant now = clock.instant();
        for (PageItem item : done) {
            if (item.otherKey == null || item.after.get(t) == null) {
                fail(batch, s, item, "sync.key",
                        "the " + t.label() + " side did not answer the key " + plan.spec(t)
                                .key() + " of the record written; give " + t.label()
                                + ".match.by fields with a unique index");
                continue;
            }
            try {
                String leftKey = s == SyncSide.LEFT ? item.key : item.otherKey;
                String rightKey = s == SyncSide.LEFT ? item.otherKey : item.key;
                JsonNode left = item.after.get(SyncSide.LEFT);
                JsonNode right = item.after.get(SyncSide.RIGHT);
                String leftHash = s == SyncSide.LEFT && !item.writes.containsKey(s)
                        ? item.hash
                        : plan.hash(SyncSide.LEFT, left, null);
                String rightHash = s == SyncSide.RIGHT && !item.writes.containsKey(s)
                        ? item.hash
                        : plan.hash(SyncSide.RIGHT, right, null);
                String base = plan.keepsBase()
                        ? Canonical.text(plan.content(plan.target(), item.after.get(plan.target()), null))
                        : null;
                batch.links.add(new SyncLink(leftKey, rightKey, leftHash, rightHash, base, now));
            } catch (ExpressionException e) {
                fail(batch, s, item, "sync.mapping", "mapping" + e.path() + ": " + e.getMessage());
                continue;
            }
            if (item.writes.isEmpty()) {
                batch.unchanged++;
            } else if (item.created) {
                batch.created++;
            } else {
                batch.updated++;
            }
            recovered(batch, s, item.key);
        }
    }

    /** Reads the records written back from each side, so that their hashes are of what the systems stored. */
    private void readBack(SyncSide s, List<PageItem> done, String callKey) throws ConnectorException {
        for (SyncSide side : SyncSide.values()) {
            Map<String, PageItem> byKey = new HashMap<>();
            for (PageItem item : done) {
                if (item.writes.containsKey(side)) {
                    String key = side == s ? item.key : item.otherKey;
                    if (key != null) {
                        byKey.put(key, item);
                    }
                }
            }
            List<String> fields = plan.spec(side).key();
            Map<String, PageItem> byLooseKey = new HashMap<>();
            byKey.forEach((k, item) -> byLooseKey.put(Canonical.loose(k), item));
            for (JsonNode found : lookup(side, fields, byKey.keySet(), callKey + ":r" + side.label())) {
                // Matched as text: the link keeps the key as the side itself gives it, so its reads find it.
                PageItem item = byLooseKey.get(Canonical.loose(Canonical.key(found, fields)));
                if (item != null) {
                    item.after.put(side, found);
                    if (side != s) {
                        item.otherKey = Canonical.key(found, fields);
                    }
                }
            }
            for (PageItem item : byKey.values()) {
                if (item.after.get(side) == item.record || item.after.get(side) == item.other) {
                    // Not found again (deleted meanwhile): what was written is the best knowledge.
                    ObjectNode written = item.writes.get(side);
                    JsonNode before = item.after.get(side);
                    item.after.put(side, before == null
                            ? written
                            : ((ObjectNode) before).deepCopy().setAll(written));
                }
            }
        }
    }

    List<JsonNode> lookup(SyncSide side, List<String> fields, Collection<String> keys, String callKey)
            throws ConnectorException {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<JsonNode> values = keys.stream().map(Canonical::values).toList();
        return sides.get(side).lookup(fields, values, callKey);
    }

    void fail(Batch batch, SyncSide s, PageItem item, String code, String message) {
        item.failed = true;
        batch.failures++;
        Instant now = clock.instant();
        batch.failed.add(new SyncFailure(s, item.key, code, message, 1, run.id(), now, now));
    }

    void recovered(Batch batch, SyncSide s, String key) {
        if (failedBefore.contains(PageProcessor.failureKey(s, key))) {
            batch.recovered.add(new SyncBatch.FailureKey(s, key));
        }
    }

    private static String cap(SyncSide side) {
        return side == SyncSide.LEFT ? "Left" : "Right";
    }
}
