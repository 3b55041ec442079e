package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import dev.weft.sync.DeletePolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After a side was read whole: every linked record that was not seen is gone from that side, and its
 * counterpart is deleted ({@code propagate}), marked ({@code mark}) or left ({@code ignore}); its link is
 * dropped once that is done, so that a record made again later is synced as new. A counterpart the other side
 * refuses to delete keeps its link, and the next full read tries again. Not thread-safe: one per run.
 */
final class Deletions {
    private static final int PAGE = 1000;

    private final JobPlan plan;
    private final SyncStore store;
    private final SyncRun run;
    private final Map<SyncSide, SideRecords> sides;
    private final Clock clock;

    Deletions(JobPlan plan, SyncStore store, SyncRun run, Map<SyncSide, SideRecords> sides, Clock clock) {
        this.plan = plan;
        this.store = store;
        this.run = run;
        this.sides = sides;
        this.clock = clock;
    }

    void apply(SyncSide side, Set<String> seen, Resolutions.Committer committer, String callKey)
            throws ConnectorException, Runner.LeaseLost {
        SyncSide other = side.other();
        DeletePolicy policy = plan.job().deletes();
        String after = null;
        int call = 0;
        while (true) {
            List<SyncLink> links = store.links(run.tenantId(), run.jobId(), after, PAGE);
            if (links.isEmpty()) {
                return;
            }
            after = links.get(links.size() - 1).leftKey();
            List<SyncLink> gone = stillGone(side,
                    links.stream().filter(l -> !seen.contains(l.key(side))).toList(),
                    callKey + ":g" + call++);
            if (gone.isEmpty()) {
                continue;
            }
            Batch batch = new Batch();
            List<SideRecords.Written> results = switch (policy.action()) {
                case IGNORE -> null;
                case PROPAGATE -> sides.get(other).delete(
                        gone.stream().map(l -> Canonical.values(l.key(other))).toList(),
                        callKey + ":d" + call++);
                case MARK -> mark(other, gone, policy, callKey + ":d" + call++);
            };
            Instant now = clock.instant();
            for (int i = 0; i < gone.size(); i++) {
                SyncLink link = gone.get(i);
                SideRecords.Written r = results == null ? null : results.get(i);
                if (r != null && !r.ok()) {
                    batch.failures++;
                    batch.failed.add(new SyncFailure(side, link.key(side), r.code(),
                            "deleted on the " + side.label()
                                    + " side, but the " + other.label() + " side refused to "
                                    + (policy.action() == DeletePolicy.Action.MARK ? "mark" : "delete")
                                    + " it: " + r.message(),
                            1,
                            run.id(), now, now));
                    continue;
                }
                batch.unlinked.add(link.leftKey());
                batch.deleted++;
            }
            committer.commit(batch);
        }
    }

    /**
     * The links whose record the side does not have, asked by key: a full read by cursor leaves out records
     * whose cursor field is null, and one made while the side was read may not be in it; neither is deleted.
     */
    private List<SyncLink> stillGone(SyncSide side, List<SyncLink> unseen, String callKey)
            throws ConnectorException {
        if (unseen.isEmpty()) {
            return unseen;
        }
        List<String> fields = plan.spec(side).key();
        Set<String> present = new java.util.HashSet<>();
        for (JsonNode r : sides.get(side).lookup(fields,
                unseen.stream().map(l -> Canonical.values(l.key(side))).toList(), callKey)) {
            present.add(Canonical.key(r, fields));
        }
        return unseen.stream().filter(l -> !present.contains(l.key(side))).toList();
    }

    /**
     * Marks the counterparts, one result per link. A mark is an upsert, and an upsert of the key and the mark
     * alone is refused by a table with a NOT NULL column without a default (both databases check it before
     * seeing the row exists): so the counterpart is read and written with the fields the job writes there, as
     * they are (the fields a record the job creates there has), and the mark. One gone already has nothing to
     * mark.
     */
    private List<SideRecords.Written> mark(SyncSide other, List<SyncLink> gone, DeletePolicy policy,
            String callKey) throws ConnectorException {
        List<String> key = plan.spec(other).key();
        Map<String, JsonNode> current = new HashMap<>();
        for (JsonNode r : sides.get(other).lookup(key,
                gone.stream().map(l -> Canonical.values(l.key(other))).toList(), callKey + ":l")) {
            current.put(Canonical.key(r, key), r);
        }
        List<ObjectNode> marks = new ArrayList<>();
        for (SyncLink link : gone) {
            JsonNode record = current.get(link.key(other));
            if (record == null) {
                continue;
            }
            ObjectNode mark = plan.into(other).project(record);
            key.forEach(k -> mark.set(k, record.get(k)));
            mark.set(policy.field(), policy.value());
            marks.add(mark);
        }
        List<SideRecords.Written> written = marks.isEmpty()
                ? List.of()
                : sides.get(other).write(key, marks, List.of(), callKey);
        List<SideRecords.Written> results = new ArrayList<>(gone.size());
        int next = 0;
        for (SyncLink link : gone) {
            results.add(current.containsKey(link.key(other))
                    ? written.get(next++)
                    : new SideRecords.Written(true, null, null, null));
        }
        return results;
    }
}
