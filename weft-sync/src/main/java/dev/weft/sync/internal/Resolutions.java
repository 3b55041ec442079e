package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the conflicts people resolved to both sides: the side they took, or the record they edited (as the
 * target side's fields), over each side's current record. A conflict whose records are gone is marked applied
 * with nothing written. Not thread-safe: one per run.
 */
final class Resolutions {
    private static final int PAGE = 100;

    /** Commits a batch under the run's lease. */
    @FunctionalInterface
    interface Committer {
        void commit(Batch batch) throws Runner.LeaseLost;
    }

    private final JobPlan plan;
    private final SyncStore store;
    private final SyncRun run;
    private final Map<SyncSide, SideRecords> sides;
    private final PageProcessor pages;
    private final Clock clock;

    Resolutions(JobPlan plan, SyncStore store, SyncRun run, Map<SyncSide, SideRecords> sides,
            PageProcessor pages,
            Clock clock) {
        this.plan = plan;
        this.store = store;
        this.run = run;
        this.sides = sides;
        this.pages = pages;
        this.clock = clock;
    }

    void apply(Committer committer, String callKey) throws ConnectorException, Runner.LeaseLost {
        String after = null;
        while (true) {
            List<SyncConflict> page = store.conflicts(run.tenantId(), run.jobId(), ConflictStatus.RESOLVED,
                    after,
                    PAGE);
            if (page.isEmpty()) {
                return;
            }
            Map<String, JsonNode> lefts = current(SyncSide.LEFT,
                    page.stream().map(SyncConflict::leftKey).toList(),
                    callKey + ":l");
            Map<String, JsonNode> rights = current(SyncSide.RIGHT,
                    page.stream().map(SyncConflict::rightKey).toList(), callKey + ":r");
            Batch batch = new Batch();
            List<PageProcessor.Decided> decided = new ArrayList<>();
            for (SyncConflict c : page) {
                batch.applied.add(c.id());
                JsonNode left = lefts.get(c.leftKey());
                JsonNode right = rights.get(c.rightKey());
                if (left == null || right == null) {
                    continue;
                }
                try {
                    decided.add(new PageProcessor.Decided(c.leftKey(), c.rightKey(), left, right,
                            writes(Json.read(c.resolution()), left, right)));
                } catch (ExpressionException e) {
                    batch.failures++;
                    batch.failed.add(new SyncFailure(SyncSide.LEFT, c.leftKey(), "sync.mapping", "mapping"
                            + e.path() + ": " + e.getMessage(), 1, run.id(), clock.instant(),
                            clock.instant()));
                }
            }
            pages.apply(decided, batch, callKey + ":w");
            committer.commit(batch);
            after = page.get(page.size() - 1).id();
        }
    }

    private Map<String, JsonNode> current(SyncSide side, List<String> keys, String callKey)
            throws ConnectorException {
        List<String> fields = plan.spec(side).key();
        Map<String, JsonNode> found = new HashMap<>();
        for (JsonNode r : sides.get(side).lookup(fields, keys.stream().map(Canonical::values).toList(),
                callKey)) {
            found.put(Canonical.key(r, fields), r);
        }
        return found;
    }

    /** What to write to each side so that both hold the resolution. */
    private Map<SyncSide, ObjectNode> writes(JsonNode resolution, JsonNode left, JsonNode right)
            throws ExpressionException {
        SyncSide target = plan.target();
        SyncSide source = target.other();
        JsonNode targetRecord = target == SyncSide.LEFT ? left : right;
        JsonNode sourceRecord = target == SyncSide.LEFT ? right : left;
        ObjectNode targetContent = plan.content(target, targetRecord, null);
        ObjectNode wanted;
        String take = resolution.path("take").asText("");
        if (take.equals(target.label())) {
            wanted = targetContent;
        } else if (take.equals(source.label())) {
            wanted = plan.content(source, sourceRecord, null);
        } else {
            wanted = targetContent.deepCopy();
            JsonNode record = resolution.path("record");
            for (String f : plan.into(target).fields()) {
                if (record.has(f)) {
                    wanted.set(f, record.get(f));
                }
            }
        }
        Map<SyncSide, ObjectNode> writes = new EnumMap<>(SyncSide.class);
        if (!Canonical.same(wanted, targetContent)) {
            ObjectNode write = wanted.deepCopy();
            plan.spec(target).key().forEach(k -> write.set(k, targetRecord.get(k)));
            writes.put(target, write);
        }
        if (plan.twoWay()) {
            ObjectNode image = ((ObjectNode) targetRecord).deepCopy().setAll(wanted);
            ObjectNode back = plan.into(source).apply(image);
            if (!Canonical.same(back, plan.into(source).project(sourceRecord))) {
                plan.spec(source).key().forEach(k -> back.set(k, sourceRecord.get(k)));
                writes.put(source, back);
            }
        }
        return writes;
    }
}
