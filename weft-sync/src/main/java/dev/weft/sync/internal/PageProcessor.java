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
import dev.weft.engine.store.sync.SyncStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Syncs one page of records read from one side: finds their links, tells the sync's own writes coming back
 * (unchanged by hash) from real changes, reads the other side's current records where the rules need them,
 * decides each record (copy, relink, merge, hold for review), writes each side once for the whole page, and
 * adds the links, counts, failures and conflicts to the run's {@link Batch}. A record a side refuses is that
 * record's failure only. Not thread-safe: one per run.
 */
final class PageProcessor {

    /** One record of the page on its way through. */
    private static final class Item {
        final JsonNode record;
        final String key;
        ObjectNode out;
        String hash;
        SyncLink link;
        JsonNode other;
        String otherKey;
        final Map<SyncSide, ObjectNode> writes = new EnumMap<>(SyncSide.class);
        final Map<SyncSide, JsonNode> after = new EnumMap<>(SyncSide.class);
        boolean created;
        boolean failed;

        Item(JsonNode record, String key) {
            this.record = record;
            this.key = key;
        }
    }

    private final JobPlan plan;
    private final SyncStore store;
    private final SyncRun run;
    private final Map<SyncSide, SideRecords> sides;
    private final Set<String> failedBefore;
    private final Conflicts conflicts;
    private final Clock clock;
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
        this.failedBefore = failedBefore;
        this.conflicts = new Conflicts(run, clock);
        this.clock = clock;
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
        List<Item> items = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            String key = Canonical.key(record, plan.spec(s).key());
            if (key == null) {
                continue; // read_changes leaves out records without a whole key
            }
            batch.read++;
            if (seen != null) {
                seen.add(key);
            }
            Item item = new Item(record, key);
            try {
                item.out = plan.out(s, record);
                item.hash = plan.hash(s, record, item.out);
            } catch (ExpressionException e) {
                fail(batch, s, item, "sync.mapping",
                        "mapping.to" + cap(t) + e.path() + ": " + e.getMessage());
                continue;
            }
            items.add(item);
        }
        Map<String, SyncLink> links = links(s, items.stream().map(i -> i.key).toList());
        List<Item> changed = new ArrayList<>();
        for (Item item : items) {
            item.link = links.get(item.key);
            if (item.link != null && item.link.hash(s).equals(item.hash)
                    || item.link == null && plan.deletionMark(s, item.record)) {
                batch.unchanged++;
                recovered(batch, s, item.key);
            } else {
                changed.add(item);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        findOthers(s, changed, batch, callKey);
        for (Item item : changed) {
            if (!item.failed) {
                decide(s, item, batch);
            }
        }
        write(s, changed, batch, callKey);
        link(s, changed, batch, callKey);
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
        List<Item> items = new ArrayList<>();
        for (Decided d : decided) {
            Item item = new Item(d.left(), d.leftKey());
            item.other = d.right();
            item.otherKey = d.rightKey();
            item.writes.putAll(d.writes());
            try {
                item.out = plan.out(SyncSide.LEFT, d.left());
                item.hash = plan.hash(SyncSide.LEFT, d.left(), item.out);
            } catch (ExpressionException e) {
                fail(batch, SyncSide.LEFT, item, "sync.mapping",
                        "mapping.toRight" + e.path() + ": " + e.getMessage());
            }
            items.add(item);
        }
        write(SyncSide.LEFT, items, batch, callKey);
        link(SyncSide.LEFT, items, batch, callKey);
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
    private void findOthers(SyncSide s, List<Item> changed, Batch batch, String callKey)
            throws ConnectorException {
        SyncSide t = s.other();
        List<String> key = plan.spec(t).key();
        List<String> match = plan.spec(t).match();
        boolean needed = plan.comparesBothSides();
        Map<String, Item> byKey = new HashMap<>();
        Map<String, Item> byMatch = new HashMap<>();
        for (Item item : changed) {
            if (item.failed) {
                continue;
            }
            if (item.link != null) {
                item.otherKey = item.link.key(t);
            } else if (match.isEmpty()) {
                item.otherKey = Canonical.key(item.out, key);
                if (item.otherKey == null) {
                    fail(batch, s, item, "sync.key", "mapping.to" + cap(t) + " gives no value for " + key
                            + ", the " + t.label() + " side's key");
                    continue;
                }
            } else {
                String natural = Canonical.key(item.out, match);
                if (natural == null) {
                    fail(batch, s, item, "sync.match", "mapping.to" + cap(t) + " gives no value for " + match
                            + ", which " + t.label() + ".match.by matches records on");
                    continue;
                }
                if (byMatch.put(natural, item) != null) {
                    fail(batch, s, item, "sync.match", "two records of this page map to the same " + match
                            + " " + natural + " on the " + t.label()
                            + " side; this one waits for the next run");
                }
                continue;
            }
            if (needed) {
                byKey.put(item.otherKey, item);
            }
        }
        Map<String, Item> byLooseKey = new HashMap<>();
        byKey.forEach((k, item) -> byLooseKey.put(Canonical.loose(k), item));
        for (JsonNode found : lookup(t, key, byKey.keySet(), callKey + ":k")) {
            // The mapping may give a key as text that the side keeps as a number, or the other way round.
            Item item = byLooseKey.get(Canonical.loose(Canonical.key(found, key)));
            if (item != null) {
                item.other = found;
                item.otherKey = Canonical.key(found, key);
            }
        }
        for (JsonNode found : lookup(t, match, byMatch.keySet(), callKey + ":m")) {
            Item item = byMatch.get(Canonical.key(found, match));
            if (item == null || item.failed) {
                continue;
            }
            if (item.other != null) {
                fail(batch, s, item, "sync.match", "more than one " + t.label() + " record has " + match + " "
                        + Canonical.key(found, match) + ": make it unique there, or match on other fields");
                continue;
            }
            item.other = found;
            item.otherKey = Canonical.key(found, key);
        }
    }

    private List<JsonNode> lookup(SyncSide side, List<String> fields, Collection<String> keys, String callKey)
            throws ConnectorException {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<JsonNode> values = keys.stream().map(Canonical::values).toList();
        return sides.get(side).lookup(fields, values, callKey);
    }

    /** Decides one changed record: what to write where, or to hold it for review. */
    private void decide(SyncSide s, Item item, Batch batch) {
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
            fail(batch, s, item, "sync.mapping", "mapping" + e.path() + ": " + e.getMessage());
        }
    }

    /**
     * Writes each side once for the page; a refused record fails alone. A record whose key on a side is
     * known (linked, or matched already) is written by that key, so that a change of the mapped key or matched
     * fields themselves updates the linked record instead of making another; records new to a side matched by
     * other fields than its key are written by those fields, reading back the key the side made.
     */
    private void write(SyncSide s, List<Item> changed, Batch batch, String callKey)
            throws ConnectorException {
        for (SyncSide side : SyncSide.values()) {
            List<Item> writers = changed.stream().filter(i -> !i.failed && i.writes.containsKey(side))
                    .toList();
            var spec = plan.spec(side);
            List<Item> known = new ArrayList<>();
            List<Item> unknown = new ArrayList<>();
            for (Item item : writers) {
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

    private void write(SyncSide s, SyncSide side, List<Item> writers, List<String> key,
            List<String> returning,
            Batch batch, String callKey) throws ConnectorException {
        if (writers.isEmpty()) {
            return;
        }
        var spec = plan.spec(side);
        List<SideRecords.Written> results = sides.get(side).write(key,
                writers.stream().map(i -> i.writes.get(side)).toList(), returning, callKey);
        for (int i = 0; i < writers.size(); i++) {
            Item item = writers.get(i);
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
    private void link(SyncSide s, List<Item> changed, Batch batch, String callKey) throws ConnectorException {
        SyncSide t = s.other();
        List<Item> done = changed.stream().filter(i -> !i.failed).toList();
        for (Item item : done) {
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
            for (Item item : done) {
                item.after.put(t, item.writes.get(t));
            }
        }
        Instant now = clock.instant();
        for (Item item : done) {
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
    private void readBack(SyncSide s, List<Item> done, String callKey) throws ConnectorException {
        for (SyncSide side : SyncSide.values()) {
            Map<String, Item> byKey = new HashMap<>();
            for (Item item : done) {
                if (item.writes.containsKey(side)) {
                    String key = side == s ? item.key : item.otherKey;
                    if (key != null) {
                        byKey.put(key, item);
                    }
                }
            }
            List<String> fields = plan.spec(side).key();
            Map<String, Item> byLooseKey = new HashMap<>();
            byKey.forEach((k, item) -> byLooseKey.put(Canonical.loose(k), item));
            for (JsonNode found : lookup(side, fields, byKey.keySet(), callKey + ":r" + side.label())) {
                // Matched as text: the link keeps the key as the side itself gives it, so its reads find it.
                Item item = byLooseKey.get(Canonical.loose(Canonical.key(found, fields)));
                if (item != null) {
                    item.after.put(side, found);
                    if (side != s) {
                        item.otherKey = Canonical.key(found, fields);
                    }
                }
            }
            for (Item item : byKey.values()) {
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

    private void fail(Batch batch, SyncSide s, Item item, String code, String message) {
        item.failed = true;
        batch.failures++;
        Instant now = clock.instant();
        batch.failed.add(new SyncFailure(s, item.key, code, message, 1, run.id(), now, now));
    }

    private void recovered(Batch batch, SyncSide s, String key) {
        if (failedBefore.contains(failureKey(s, key))) {
            batch.recovered.add(new SyncBatch.FailureKey(s, key));
        }
    }

    private static String cap(SyncSide side) {
        return side == SyncSide.LEFT ? "Left" : "Right";
    }
}
