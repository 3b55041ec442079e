package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.store.sync.SyncBatch;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One run of a job, in phases: resolved conflicts are written, records that failed before are tried again,
 * records whose keys were posted as changed are synced, each side that records are copied from is read page
 * by page from its cursor (or in full; a side fed by change events only in a resync), and, after a full
 * read, records gone from a side are handled by the job's delete rule. Every page is committed with the cursor
 * reached and the run's progress, fenced by the run's lease: a run taken over after a crash goes on from its
 * last committed page, and a run whose lease was taken stops. The next page is read while one is synced.
 * Not thread-safe: one per run.
 */
final class Runner {
    /** The run's lease was taken over or the run was deleted: stop without writing anything more. */
    static final class LeaseLost extends Exception {
        private static final long serialVersionUID = 1L;

        LeaseLost(String message) {
            super(message, null, false, false);
        }
    }

    private static final int RETRY_LIMIT = 100_000;

    private final JobPlan plan;
    private final SyncStore store;
    private final SyncRun run;
    private final Map<SyncSide, SideRecords> sides;
    private final Clock clock;
    private final Duration lease;
    private final SyncMetrics metrics;
    /** The failed records' keys by side as the run started, read once. */
    private final Map<SyncSide, List<String>> failed;
    private final PageProcessor pages;
    private final Resolutions resolutions;
    private final ObjectNode progress;
    private Instant renewedAt;
    private int calls;
    /** The commit of the last page read, running while the next page is synced; null when none runs. */
    private CompletableFuture<Void> committing;

    Runner(JobPlan plan, SyncStore store, SyncRun run, Map<SyncSide, SideRecords> sides, Clock clock,
            Duration lease, SyncMetrics metrics) {
        this.plan = plan;
        this.store = store;
        this.run = run;
        this.sides = sides;
        this.clock = clock;
        this.lease = lease;
        this.metrics = metrics;
        this.failed = failedKeys();
        Set<String> failedBefore = new HashSet<>();
        failed.forEach(
                (side, keys) -> keys.forEach(k -> failedBefore.add(PageProcessor.failureKey(side, k))));
        this.pages = new PageProcessor(plan, store, run, sides, failedBefore, clock);
        this.resolutions = new Resolutions(plan, store, run, sides, pages, clock);
        JsonNode saved = Json.read(run.progress());
        this.progress = saved != null && saved.isObject()
                ? (ObjectNode) saved
                : Json.MAPPER.createObjectNode();
        this.renewedAt = clock.instant();
    }

    /** Runs every phase not done yet; throws when a side cannot be reached or the lease was lost. */
    void run() throws ConnectorException, LeaseLost {
        if (!done("resolutions")) {
            start("resolutions");
            resolutions.apply(this::commit, callKey());
            finished("resolutions");
        }
        if (!done("retries")) {
            start("retries");
            retryFailures();
            finished("retries");
        }
        if (!done("changes")) {
            start("changes");
            drainChanges();
            finished("changes");
        }
        for (SyncSide side : SyncSide.values()) {
            // A side whose changes come as events is read whole only by a resync.
            if (plan.job().direction().from(side) && !done(side.label())
                    && (!plan.spec(side).events() || run.full())) {
                readSide(side);
            }
        }
    }

    /** Syncs the records whose keys were posted as changed, and forgets each key once its page committed. */
    private void drainChanges() throws ConnectorException, LeaseLost {
        for (SyncSide side : SyncSide.values()) {
            if (!plan.job().direction().from(side)) {
                continue;
            }
            while (true) {
                Map<String, Long> read = store.changes(run.tenantId(), run.jobId(), side,
                        plan.job().batchSize());
                if (read.isEmpty()) {
                    break;
                }
                Batch batch = new Batch();
                syncKeys(side, List.copyOf(read.keySet()), batch);
                commit(batch);
                store.removeChanges(run.tenantId(), run.jobId(), side, read);
                if (read.size() < plan.job().batchSize()) {
                    break;
                }
            }
        }
    }

    /**
     * Reads the records of these keys from their side and syncs them into {@code batch}; returns the keys no
     * longer there. A key the side refuses to look up (a text for a number column, say) is that key's failure:
     * the others are read one by one, so one bad key never stops the job.
     */
    private Set<String> syncKeys(SyncSide side, List<String> keys, Batch batch) throws ConnectorException {
        List<String> fields = plan.spec(side).key();
        List<JsonNode> found = new ArrayList<>();
        try {
            found.addAll(
                    sides.get(side).lookup(fields, keys.stream().map(Canonical::values).toList(), callKey()));
        } catch (ConnectorException e) {
            if (e.retryable()) {
                throw e;
            }
            for (String key : keys) {
                try {
                    found.addAll(sides.get(side).lookup(fields, List.of(Canonical.values(key)), callKey()));
                } catch (ConnectorException one) {
                    if (one.retryable()) {
                        throw one;
                    }
                    Instant now = clock.instant();
                    batch.failures++;
                    batch.failed.add(new SyncFailure(side, key, one.code(), "the " + side.label()
                            + " side refused to look it up by key: " + one.getMessage(), 1, run.id(), now,
                            now));
                }
            }
        }
        Set<String> gone = new HashSet<>(keys);
        batch.failed.forEach(f -> gone.remove(f.key()));
        for (JsonNode r : found) {
            gone.remove(Canonical.key(r, fields));
        }
        pages.process(side, found, batch, null, callKey());
        return gone;
    }

    private void retryFailures() throws ConnectorException, LeaseLost {
        for (Map.Entry<SyncSide, List<String>> e : failed.entrySet()) {
            SyncSide side = e.getKey();
            if (!plan.job().direction().from(side)) {
                continue;
            }
            List<String> all = e.getValue();
            for (int from = 0; from < all.size(); from += plan.job().batchSize()) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + plan.job().batchSize()));
                Batch batch = new Batch();
                for (String key : syncKeys(side, chunk, batch)) { // gone from its side: nothing to retry
                    batch.recovered.add(new dev.weft.engine.store.sync.SyncBatch.FailureKey(side, key));
                }
                commit(batch);
            }
        }
    }

    private void readSide(SyncSide side) throws ConnectorException, LeaseLost {
        boolean scan = plan.spec(side).cursor() == null;
        boolean resuming = side.label().equals(progress.path("phase").asText(null));
        boolean full = run.full() || scan;
        JsonNode after = null;
        if (!scan && (!run.full() || resuming)) {
            after = store.cursor(run.tenantId(), run.jobId(), side).map(Json::read).orElse(null);
        }
        if (scan && resuming) {
            after = progress.get("position");
        }
        // Deletions are only known after reading a side whole in this attempt.
        Set<String> seen = full && !resuming
                && plan.job().deletes().action() != dev.weft.sync.DeletePolicy.Action.IGNORE
                        ? new HashSet<>()
                        : null;
        start(side.label());
        SideRecords records = sides.get(side);
        int limit = plan.job().batchSize();
        SideRecords.Page page = records.read(after, limit, scan, callKey());
        try {
            syncPages(side, records, page, limit, scan, seen);
        } catch (ConnectorException | RuntimeException e) {
            try {
                awaitCommit(); // the run ends now: not while a commit of it still runs
            } catch (LeaseLost | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        awaitCommit();
        if (seen != null) {
            new Deletions(plan, store, run, sides, clock).apply(side, seen, this::commit, callKey());
        }
        progress.remove("position");
        finished(side.label());
    }

    /** Syncs pages from {@code first} on, reading each next one ahead and committing each behind. */
    private void syncPages(SyncSide side, SideRecords records, SideRecords.Page first, int limit,
            boolean scan,
            Set<String> seen) throws ConnectorException, LeaseLost {
        SideRecords.Page page = first;
        while (true) {
            CompletableFuture<SideRecords.Page> next = page.more()
                    ? readAhead(records, page.next(), limit, scan)
                    : null;
            Batch batch = new Batch();
            pages.process(side, page.records(), batch, seen, callKey());
            if (page.next() != null && !page.next().isNull()) {
                if (scan) {
                    progress.set("position", page.next());
                } else {
                    batch.cursors.put(side, Canonical.text(page.next()));
                }
            }
            progress.put("read", progress.path("read").asLong() + page.records().size());
            commitBehind(batch);
            if (next == null) {
                break;
            }
            page = join(next);
        }
    }

    private CompletableFuture<SideRecords.Page> readAhead(SideRecords records, JsonNode after, int limit,
            boolean scan) {
        String key = callKey();
        CompletableFuture<SideRecords.Page> f = new CompletableFuture<>();
        Thread.ofVirtual().name("weft-sync-read-" + run.jobId()).start(() -> {
            try {
                f.complete(records.read(after, limit, scan, key));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static SideRecords.Page join(CompletableFuture<SideRecords.Page> next) throws ConnectorException {
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("sync.interrupted", "the run was interrupted", null, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectorException c) {
                throw c;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Commits a page's batch while the next page is synced, as soon as the previous page's commit has ended:
     * at most one commit runs, in order, so the cursor still moves only with its page's links. Until it ends,
     * the page processor sees the batch's links as stored ({@link PageProcessor#pending}), so a record read
     * again in the next page (changed meanwhile) is not taken for a new one. Writing the next page to the
     * target before this commit ends is what a crash between a write and its commit does already: the record
     * is read again and its upsert repeated.
     */
    private void commitBehind(Batch batch) throws LeaseLost {
        awaitCommit();
        SyncBatch stored = batch.toStore(run, Canonical.text(progress));
        pages.pending(batch.links);
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("weft-sync-commit-" + run.jobId()).start(() -> {
            try {
                commitStored(stored);
                metrics.records(run, batch);
                f.complete(null);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        committing = f;
    }

    /** Waits for the page commit that runs, if any. */
    private void awaitCommit() throws LeaseLost {
        CompletableFuture<Void> f = committing;
        if (f == null) {
            return;
        }
        committing = null;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLost("run " + run.id() + " of job " + run.jobId() + " was interrupted");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case LeaseLost lost -> throw lost;
                case RuntimeException r -> throw r;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        } finally {
            pages.pending(List.of());
        }
    }

    /** Commits a batch with the run's progress, renewing the lease when a third of it has passed. */
    void commit(Batch batch) throws LeaseLost {
        awaitCommit();
        commitStored(batch.toStore(run, Canonical.text(progress)));
        metrics.records(run, batch);
    }

    private void commitStored(SyncBatch stored) throws LeaseLost {
        Instant now = clock.instant();
        if (!store.commitBatch(stored, now)) {
            throw new LeaseLost("run " + run.id() + " of job " + run.jobId() + " lost its lease");
        }
        if (Duration.between(renewedAt, now).compareTo(lease.dividedBy(3)) > 0) {
            if (!store.renewRun(run.tenantId(), run.jobId(), run.id(), run.leaseVersion(), now.plus(lease))) {
                throw new LeaseLost("run " + run.id() + " of job " + run.jobId() + " lost its lease");
            }
            renewedAt = now;
        }
    }

    private boolean done(String phase) {
        for (JsonNode p : progress.path("done")) {
            if (p.asText().equals(phase)) {
                return true;
            }
        }
        return false;
    }

    private void start(String phase) {
        progress.put("phase", phase);
    }

    private void finished(String phase) throws LeaseLost {
        ArrayNode done = progress.has("done") ? (ArrayNode) progress.get("done") : progress.putArray("done");
        done.add(phase);
        commit(new Batch());
    }

    private String callKey() {
        return "sync:" + run.tenantId() + ":" + run.jobId() + ":" + run.id() + ":" + run.leaseVersion() + ":"
                + (calls++);
    }

    /**
     * The keys of the job's failed records by side, as the run starts (at most {@link #RETRY_LIMIT}): the retries
     * phase tries them again, and a record among them that syncs later in the run is marked recovered.
     */
    private Map<SyncSide, List<String>> failedKeys() {
        Map<SyncSide, List<String>> keys = new LinkedHashMap<>();
        SyncSide afterSide = null;
        String afterKey = null;
        int total = 0;
        while (total < RETRY_LIMIT) {
            List<SyncFailure> page = store.failures(run.tenantId(), run.jobId(), afterSide, afterKey, 1000);
            page.forEach(f -> keys.computeIfAbsent(f.side(), side -> new ArrayList<>()).add(f.key()));
            total += page.size();
            if (page.size() < 1000) {
                break;
            }
            afterSide = page.get(page.size() - 1).side();
            afterKey = page.get(page.size() - 1).key();
        }
        return keys;
    }
}
