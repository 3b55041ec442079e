package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Syncs one page of records read from one side: finds their links, tells the sync's own writes coming back
 * (unchanged by hash) from real changes, reads the other side's current records where the rules need them,
 * and decides each record (copy, relink, merge, hold for review); {@link PageWriter} writes each side once
 * for the whole page and adds the links, counts and failures to the run's {@link Batch}. Not thread-safe: one
 * per run.
 */
final class PageProcessor {

    private final JobPlan plan;
    private final SyncStore store;
    private final SyncRun run;
    private final Map<SyncSide, SideRecords> sides;
    private final PageWriter writer;
    private final Conflicts conflicts;
    /** The links of the batch whose commit still runs. */
    private final PendingLinks pending = new PendingLinks();
    /** Left keys held for review in this run: a record read from both sides is held once. */
    private final Set<String> held = new java.util.HashSet<>();

    PageProcessor(JobPlan plan, SyncStore store, SyncRun run, Map<SyncSide, SideRecords> sides,
            Set<String> failedBefore, Clock clock) {
        this.plan = plan;
        this.store = store;
        this.run = run;
        this.sides = sides;
        this.writer = new PageWriter(plan, run, sides, failedBefore, clock);
        this.conflicts = new Conflicts(run, clock);
    }

    /** The key a failure is remembered by between runs. */
    static String failureKey(SyncSide side, String key) {
        return side.label() + ":" + key;
    }

    /**
     * Syncs {@code records} read from side {@code s}; their keys are added to {@code seen} when it is given.
     *
     * @throws ConnectorException when a side cannot be reached (the whole page fails; the run ends failed and
     *     the cursor stays where the last committed page left it)
     */
    void process(SyncSide s, List<JsonNode> records, Batch batch, Set<String> seen, String callKey)
            throws ConnectorException {
        SyncSide t = s.other();
        List<PageItem> items = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            String key = Canonical.key(record, plan.spec(s).key());
            if (key == null) {
                continue; // read_changes leaves out records without a whole key
            }
            batch.read++;
            if (seen != null) {
                seen.add(key);
            }
            PageItem item = new PageItem(record, key);
            try {
                item.out = plan.out(s, record);
                item.hash = plan.hash(s, record, item.out);
            } catch (ExpressionException e) {
                writer.fail(batch, s, item, "sync.mapping",
                        "mapping.to" + cap(t) + e.path() + ": " + e.getMessage());
                continue;
            }
            items.add(item);
        }
        Map<String, SyncLink> links = links(s, items.stream().map(i -> i.key).toList());
        List<PageItem> changed = new ArrayList<>();
        for (PageItem item : items) {
            item.link = links.get(item.key);
            if (item.link != null && item.link.hash(s).equals(item.hash)
                    || item.link == null && plan.deletionMark(s, item.record)) {
                batch.unchanged++;
                writer.recovered(batch, s, item.key);
            } else {
                changed.add(item);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        findOthers(s, changed, batch, callKey);
        for (PageItem item : changed) {
            if (!item.failed) {
                decide(s, item, batch);
            }
        }
        writer.write(s, changed, batch, callKey);
        writer.link(s, changed, batch, callKey);
    }

    /**
     * A record whose outcome is decided already (a resolved conflict): both sides' current records (null when
     * gone) and what to write to each.
     */
    record Decided(String leftKey, String rightKey, JsonNode left, JsonNode right,
            Map<SyncSide, ObjectNode> writes) {
    }

    /** Writes decided records and links them, as {@link #process} does for the records it decides. */
    void apply(List<Decided> decided, Batch batch, String callKey) throws ConnectorException {
        List<PageItem> items = new ArrayList<>();
        for (Decided d : decided) {
            PageItem item = new PageItem(d.left(), d.leftKey());
            item.other = d.right();
            item.otherKey = d.rightKey();
            item.writes.putAll(d.writes());
            try {
                item.out = plan.out(SyncSide.LEFT, d.left());
                item.hash = plan.hash(SyncSide.LEFT, d.left(), item.out);
            } catch (ExpressionException e) {
                writer.fail(batch, SyncSide.LEFT, item, "sync.mapping",
                        "mapping.toRight" + e.path() + ": " + e.getMessage());
            }
            items.add(item);
        }
        writer.write(SyncSide.LEFT, items, batch, callKey);
        writer.link(SyncSide.LEFT, items, batch, callKey);
    }

    /** Sets the links of the batch whose commit runs (see {@link Runner}); empty when none runs. */
    void pending(List<SyncLink> links) {
        pending.set(links);
    }

    /** The stored links of {@code keys}, and those of the batch whose commit runs, which may not be there yet. */
    private Map<String, SyncLink> links(SyncSide side, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return pending.over(side, keys, side == SyncSide.LEFT
                ? store.linksByLeft(run.tenantId(), run.jobId(), keys)
                : store.linksByRight(run.tenantId(), run.jobId(), keys));
    }

    /** The other side's key of each changed record, and its current record where the rules need it. */
    private void findOthers(SyncSide s, List<PageItem> changed, Batch batch, String callKey)
            throws ConnectorException {
        SyncSide t = s.other();
        List<String> key = plan.spec(t).key();
        List<String> match = plan.spec(t).match();
        boolean needed = plan.comparesBothSides();
        Map<String, PageItem> byKey = new HashMap<>();
        Map<String, PageItem> byMatch = new HashMap<>();
        for (PageItem item : changed) {
            if (item.failed) {
                continue;
            }
            if (item.link != null) {
                item.otherKey = item.link.key(t);
            } else if (match.isEmpty()) {
                item.otherKey = Canonical.key(item.out, key);
                if (item.otherKey == null) {
                    writer.fail(batch, s, item, "sync.key",
                            "mapping.to" + cap(t) + " gives no value for " + key
                                    + ", the " + t.label() + " side's key");
                    continue;
                }
            } else {
                String natural = Canonical.key(item.out, match);
                if (natural == null) {
                    writer.fail(batch, s, item, "sync.match",
                            "mapping.to" + cap(t) + " gives no value for " + match
                                    + ", which " + t.label() + ".match.by matches records on");
                    continue;
                }
                if (byMatch.put(natural, item) != null) {
                    writer.fail(batch, s, item, "sync.match",
                            "two records of this page map to the same " + match
                                    + " " + natural + " on the " + t.label()
                                    + " side; this one waits for the next run");
                }
                continue;
            }
            if (needed) {
                byKey.put(item.otherKey, item);
            }
        }
        Map<String, PageItem> byLooseKey = new HashMap<>();
        byKey.forEach((k, item) -> byLooseKey.put(Canonical.loose(k), item));
        for (JsonNode found : writer.lookup(t, key, byKey.keySet(), callKey + ":k")) {
            // The mapping may give a key as text that the side keeps as a number, or the other way round.
            PageItem item = byLooseKey.get(Canonical.loose(Canonical.key(found, key)));
            if (item != null) {
                item.other = found;
                item.otherKey = Canonical.key(found, key);
            }
        }
        for (JsonNode found : writer.lookup(t, match, byMatch.keySet(), callKey + ":m")) {
            PageItem item = byMatch.get(Canonical.key(found, match));
            if (item == null || item.failed) {
                continue;
            }
            if (item.other != null) {
                writer.fail(batch, s, item, "sync.match",
                        "more than one " + t.label() + " record has " + match + " "
                                + Canonical.key(found, match)
                                + ": make it unique there, or match on other fields");
                continue;
            }
            item.other = found;
            item.otherKey = Canonical.key(found, key);
        }
    }

    /** Decides one changed record: what to write where, or to hold it for review. */
    private void decide(SyncSide s, PageItem item, Batch batch) {
        SyncSide t = s.other();
        if (!plan.comparesBothSides() || item.other == null) {
            item.writes.put(t, item.out);
            item.created = item.link == null && item.other == null;
            return;
        }
        try {
            ObjectNode otherOut = plan.out(t, item.other);
            String otherHash = plan.hash(t, item.other, otherOut);
            boolean otherChanged = item.link == null || !item.link.hash(t).equals(otherHash);
            if (!otherChanged) {
                if (!Canonical.same(item.out, plan.into(t).project(item.other))) {
                    item.writes.put(t, item.out);
                }
                return;
            }
            SyncSide target = plan.target();
            SyncSide source = target.other();
            JsonNode sourceRecord = s == source ? item.record : item.other;
            JsonNode targetRecord = s == target ? item.record : item.other;
            ObjectNode sourceOut = s == source ? item.out : otherOut;
            ObjectNode sourceContent = plan.content(source, sourceRecord, sourceOut);
            ObjectNode targetContent = plan.content(target, targetRecord, null);
            JsonNode base = item.link == null ? null : Json.read(item.link.base());
            Resolver.Decision d = Resolver.decide(plan.job().conflicts(), sourceContent, targetContent, base,
                    plan.modified(source, sourceRecord), plan.modified(target, targetRecord));
            switch (d.outcome()) {
                case SAME -> {
                }
                case HOLD -> {
                    item.failed = true; // nothing written, no link change
                    JsonNode left = s == SyncSide.LEFT ? item.record : item.other;
                    JsonNode right = s == SyncSide.LEFT ? item.other : item.record;
                    String leftKey = s == SyncSide.LEFT ? item.key : item.otherKey;
                    String rightKey = s == SyncSide.LEFT ? item.otherKey : item.key;
                    if (held.add(leftKey)) {
                        batch.conflicted++;
                        batch.conflicts.add(conflicts.held(leftKey, rightKey, left, right, base, d.fields()));
                    }
                }
                case MERGED -> {
                    ObjectNode merged = d.merged();
                    if (!Canonical.same(merged, targetContent)) {
                        ObjectNode write = merged.deepCopy();
                        plan.spec(target).key().forEach(k -> write.set(k, targetRecord.get(k)));
                        item.writes.put(target, write);
                    }
                    if (plan.twoWay()) {
                        ObjectNode image = ((ObjectNode) targetRecord).deepCopy().setAll(merged);
                        ObjectNode back = plan.into(source).apply(image);
                        if (!Canonical.same(back, plan.into(source).project(sourceRecord))) {
                            plan.spec(source).key().forEach(k -> back.set(k, sourceRecord.get(k)));
                            item.writes.put(source, back);
                        }
                    }
                }
            }
        } catch (ExpressionException e) {
            writer.fail(batch, s, item, "sync.mapping", "mapping" + e.path() + ": " + e.getMessage());
        }
    }

    private static String cap(SyncSide side) {
        return side == SyncSide.LEFT ? "Left" : "Right";
    }
}
