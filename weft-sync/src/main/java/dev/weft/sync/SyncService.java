package dev.weft.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.CallRouter;
import dev.weft.engine.flow.Problem;
import dev.weft.engine.store.SystemStore;
import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncJobRecord;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import dev.weft.sync.internal.RunExecutor;
import dev.weft.sync.internal.RunLoop;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data sync, as the server and the command line use it: deploy and read jobs, ask for runs, read runs,
 * failures and conflicts, resolve conflicts. Runs happen on this node's runner ({@link RunLoop}), which
 * {@link #start} starts and {@link #close} stops. Records go through {@code calls}, the platform's one call
 * path. Thread-safe.
 */
public final class SyncService implements AutoCloseable {
    private static final int MAX_PAGE = 500;

    private final SyncStore store;
    private final CallRouter calls;
    private final SystemStore systems;
    private final Clock clock;
    private final Map<String, Optional<SyncJob>> parsed = new ConcurrentHashMap<>();
    private final RunExecutor executor;
    private final RunLoop loop;

    /** A job as deployed: its stored record, the job read from it, and whether this deployment changed it. */
    public record Deployed(SyncJobRecord record, SyncJob job, boolean changed) {
    }

    /** A job with where it stands. */
    public record Status(SyncJobRecord record, SyncJob job, Optional<SyncRun> lastRun, long links,
            long failures, long openConflicts, long waitingChanges) {
    }

    private SyncService(SyncStore store, CallRouter calls, SystemStore systems, SyncSettings settings,
            MeterRegistry registry, Clock clock, boolean run) {
        this.store = store;
        this.calls = calls;
        this.systems = systems;
        this.clock = clock;
        this.executor = new RunExecutor(store, calls, systems, settings.lease(), registry, clock,
                this::parse);
        this.loop = run ? RunLoop.start(store, executor, settings, clock, this::parse) : null;
    }

    /** The service with this node's runner started. */
    public static SyncService start(SyncStore store, CallRouter calls, SystemStore systems,
            SyncSettings settings,
            MeterRegistry registry, Clock clock) {
        return new SyncService(store, calls, systems, settings, registry, clock, true);
    }

    /** The service without a runner: runs asked for here are run by another node, or later. */
    public static SyncService withoutRunner(SyncStore store, CallRouter calls, SystemStore systems,
            Clock clock) {
        return new SyncService(store, calls, systems, SyncSettings.defaults(), null, clock, false);
    }

    // ---- jobs

    /**
     * Reads, checks and stores a job file. The job's systems must exist and offer record access.
     *
     * @throws SyncInputException {@code sync.invalid} with every located problem
     */
    public Deployed deploy(String tenant, String fileName, String text) throws SyncInputException {
        return deploy(tenant, fileName, text, null);
    }

    /**
     * As {@link #deploy(String, String, String)}, refusing a job whose id is not {@code expectedId} (the one a
     * URL names; null: any) with {@code sync.mismatch}.
     */
    public Deployed deploy(String tenant, String fileName, String text, String expectedId)
            throws SyncInputException {
        SyncJob job = check(tenant, fileName, text);
        if (expectedId != null && !job.id().equals(expectedId)) {
            throw new SyncInputException(SyncInputException.MISMATCH, "the document is sync job '" + job.id()
                    + "' but the URL names '" + expectedId + "'; make 'id' in the document match the URL");
        }
        Optional<SyncJobRecord> before = store.job(tenant, job.id());
        SyncJobRecord record = store.deployJob(tenant, job.id(), text,
                dev.weft.engine.store.AuditChain.digest(text), clock.instant());
        boolean changed = before.isEmpty() || before.get().version() != record.version();
        return new Deployed(record, job, changed);
    }

    /** Reads and checks a job file without storing it. */
    public SyncJob check(String tenant, String fileName, String text) throws SyncInputException {
        SyncJobReader.Result result = SyncJobReader.read(fileName, text,
                system -> systemProblem(tenant, system));
        if (!result.ok()) {
            throw invalid(result.problems());
        }
        return result.job();
    }

    private String systemProblem(String tenant, String system) {
        var record = systems.system(tenant, system);
        if (record.isEmpty()) {
            return "no system '" + system + "': create it first (POST /api/v1/systems), or name another";
        }
        String connector = record.get().connector();
        if (calls.operation(connector + ".read_changes") == null) {
            return "system '" + system + "' is a '" + connector
                    + "' system, whose connector has no record access"
                    + " (no operation " + connector
                    + ".read_changes): sync works with the postgres and mariadb"
                    + " connectors now";
        }
        return null;
    }

    private static SyncInputException invalid(List<Problem> problems) {
        StringBuilder message = new StringBuilder("the sync job has ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        problems.stream().limit(5).forEach(p -> message.append("; ").append(p.path()).append(": ")
                .append(p.message()));
        return new SyncInputException(SyncInputException.INVALID, message.toString(), problems);
    }

    public Optional<SyncJobRecord> job(String tenant, String id) {
        return store.job(tenant, id);
    }

    public List<SyncJobRecord> jobs(String tenant) {
        return store.jobs(tenant);
    }

    /** The job read from its stored text, or empty when it no longer reads (a newer server's syntax). */
    public Optional<SyncJob> parse(SyncJobRecord record) {
        return parsed.computeIfAbsent(record.sha256(),
                sha -> Optional.ofNullable(SyncJobReader.read(record.id() + ".yaml", record.source()).job()));
    }

    public Status status(String tenant, String id) throws SyncInputException {
        SyncJobRecord record = existing(tenant, id);
        List<SyncRun> last = store.runs(tenant, id, null, 1);
        return new Status(record, parse(record).orElse(null), last.stream().findFirst(),
                store.linkCount(tenant, id),
                store.failureCount(tenant, id), store.openConflictCount(tenant, id),
                store.changeCount(tenant, id));
    }

    public boolean delete(String tenant, String id) {
        return store.deleteJob(tenant, id);
    }

    public void setEnabled(String tenant, String id, boolean enabled) throws SyncInputException {
        if (!store.setEnabled(tenant, id, enabled, clock.instant())) {
            throw notFound(id);
        }
    }

    // ---- runs

    /** Queues a run now (or returns the one queued already) and wakes this node's runner. */
    public SyncRun runNow(String tenant, String id) throws SyncInputException {
        SyncJobRecord record = existing(tenant, id);
        SyncRun run = store.enqueueRun(tenant, id, record.version(), "manual", false, clock.instant());
        wake();
        return run;
    }

    /** Queues a full comparison of every record on both sides, deletions included. */
    public SyncRun resync(String tenant, String id) throws SyncInputException {
        SyncJobRecord record = existing(tenant, id);
        SyncRun run = store.enqueueRun(tenant, id, record.version(), "resync", true, clock.instant());
        wake();
        return run;
    }

    /**
     * The operation a flow step calls to tell a job of changes ({@link #changed}); the server answers it itself
     * (it reaches no system), and the command line knows its name when it checks flows.
     */
    public static final String CHANGED_OPERATION = "sync.changed";

    /** The most keys one call may post as changed. */
    public static final int MAX_CHANGES = 10_000;

    /**
     * Remembers that records of a side changed (change events: a webhook of the system, a flow), for the next
     * run, which is queued now, to read them by key and sync them. Each key is an array of the side's key
     * fields' values in order ({@code [42]}), or a record holding them ({@code {"id": 42, ...}}). Durable once
     * this returns: a key waits until a run has committed its record.
     *
     * @return how many keys were not waiting already
     */
    public int changed(String tenant, String id, String sideLabel, List<JsonNode> keys)
            throws SyncInputException {
        SyncJobRecord record = existing(tenant, id);
        SyncJob job = parse(record).orElseThrow(() -> new SyncInputException(SyncInputException.CONFLICT,
                "job '" + id + "' does not read any more; deploy it again"));
        SyncSide side;
        try {
            side = SyncSide.of(sideLabel == null ? "" : sideLabel);
        } catch (IllegalArgumentException e) {
            throw new SyncInputException(SyncInputException.INVALID,
                    "side must be \"left\" or \"right\", but was "
                            + (sideLabel == null ? "missing" : "\"" + sideLabel + "\""));
        }
        if (!job.direction().from(side)) {
            throw new SyncInputException(SyncInputException.INVALID,
                    "job '" + id + "' copies " + job.direction()
                            .label() + ", so changes of the " + side.label() + " side are not synced");
        }
        if (keys == null || keys.isEmpty() || keys.size() > MAX_CHANGES) {
            throw new SyncInputException(SyncInputException.INVALID, "keys must list 1 to " + MAX_CHANGES
                    + " keys, but had " + (keys == null ? "none" : keys.size()));
        }
        List<String> fields = job.side(side).key();
        List<String> canonical = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            canonical.add(changedKey(keys.get(i), fields, i));
        }
        int added = store.addChanges(tenant, id, side, canonical, clock.instant());
        store.enqueueRun(tenant, id, record.version(), "changes", false, clock.instant());
        wake();
        return added;
    }

    private static String changedKey(JsonNode key, List<String> fields, int i) throws SyncInputException {
        JsonNode values = key;
        if (key != null && key.isObject()) {
            for (String field : fields) {
                JsonNode v = key.get(field);
                if (v != null && !v.isValueNode()) {
                    throw new SyncInputException(SyncInputException.INVALID, "keys[" + i + "]." + field
                            + " must be a text or a number, but was " + v);
                }
            }
            String canonical = dev.weft.sync.internal.Canonical.key(key, fields);
            if (canonical == null) {
                throw new SyncInputException(SyncInputException.INVALID,
                        "keys[" + i + "] is a record without a"
                                + " value for every key field " + fields);
            }
            return canonical;
        }
        if (values == null || !values.isArray() || values.size() != fields.size()) {
            throw new SyncInputException(SyncInputException.INVALID, "keys[" + i + "] must be an array of the"
                    + " values of " + fields + " (such as [42]) or a record holding them, but was " + key);
        }
        for (JsonNode v : values) {
            if (!v.isValueNode() || v.isNull()) {
                throw new SyncInputException(SyncInputException.INVALID,
                        "keys[" + i + "] must hold a text or a"
                                + " number for each key field " + fields + ", but was " + key);
            }
        }
        return dev.weft.sync.internal.Canonical.text(values);
    }

    public List<SyncRun> runs(String tenant, String id, Long beforeId, int limit) throws SyncInputException {
        existing(tenant, id);
        return store.runs(tenant, id, beforeId, page(limit));
    }

    /** The job's newest successful run among those kept, or empty. */
    public Optional<SyncRun> lastSucceededRun(String tenant, String id) {
        return store.lastSucceededRun(tenant, id);
    }

    public Optional<SyncRun> run(String tenant, String id, long runId) {
        return store.run(tenant, id, runId);
    }

    public List<SyncFailure> failures(String tenant, String id, SyncSide afterSide, String afterKey,
            int limit)
            throws SyncInputException {
        existing(tenant, id);
        return store.failures(tenant, id, afterSide, afterKey, page(limit));
    }

    /**
     * Claims one due run of any job and runs it on the calling thread, to its end; empty when none was due.
     * For the command line without a server, where no runner runs.
     */
    public Optional<SyncRun> runDue() {
        return executor.runDue();
    }

    // ---- conflicts

    public List<SyncConflict> conflicts(String tenant, String id, ConflictStatus status, String afterId,
            int limit)
            throws SyncInputException {
        existing(tenant, id);
        return store.conflicts(tenant, id, status, afterId, page(limit));
    }

    public Optional<SyncConflict> conflict(String tenant, String id, String conflictId) {
        return store.conflict(tenant, id, conflictId);
    }

    /**
     * Resolves an open conflict: {@code {"take": "left"}}, {@code {"take": "right"}}, or {@code {"record":
     * {...}}} with the right side's fields as they should be on both sides (the left side gets them through
     * {@code mapping.toLeft}). A run is queued to write it.
     */
    public SyncConflict resolve(String tenant, String id, String conflictId, JsonNode resolution,
            String principal)
            throws SyncInputException {
        SyncJobRecord record = existing(tenant, id);
        SyncJob job = parse(record).orElseThrow(() -> new SyncInputException(SyncInputException.CONFLICT,
                "job '" + id + "' does not read any more; deploy it again"));
        checkResolution(job, resolution);
        SyncConflict conflict = store.conflict(tenant, id, conflictId)
                .orElseThrow(() -> new SyncInputException(
                        SyncInputException.NOT_FOUND,
                        "job '" + id + "' has no conflict '" + conflictId + "'"));
        SyncConflict resolved = store.resolveConflict(tenant, id, conflictId, resolution.toString(),
                principal,
                clock.instant()).orElseThrow(
                        () -> new SyncInputException(SyncInputException.CONFLICT,
                                "conflict '" + conflictId + "' is " + conflict.status().label()
                                        + ", not open: a newer conflict of the same record replaced it, or it was resolved"
                                        + " already"));
        store.enqueueRun(tenant, id, record.version(), "resolution", false, clock.instant());
        wake();
        return resolved;
    }

    private static void checkResolution(SyncJob job, JsonNode resolution) throws SyncInputException {
        if (resolution == null || !resolution.isObject() || resolution.size() != 1
                || !(resolution.has("take") || resolution.has("record"))) {
            throw new SyncInputException(SyncInputException.INVALID, "a resolution is {\"take\": \"left\"},"
                    + " {\"take\": \"right\"} or {\"record\": {...}} with the right side's fields, but was "
                    + resolution);
        }
        if (resolution.has("take")) {
            String take = resolution.get("take").asText("");
            if (!take.equals("left") && !take.equals("right")) {
                throw new SyncInputException(SyncInputException.INVALID,
                        "take must be \"left\" or \"right\", but was " + resolution.get("take"));
            }
            return;
        }
        JsonNode record = resolution.get("record");
        JsonNode fields = job.toRight() != null ? job.toRight() : job.toLeft();
        String side = job.toRight() != null ? "right" : "left";
        if (!record.isObject() || record.isEmpty()) {
            throw new SyncInputException(SyncInputException.INVALID, "record must be an object of the " + side
                    + " side's synced fields, but was " + record);
        }
        for (var names = record.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!fields.has(name)) {
                List<String> known = new ArrayList<>();
                fields.fieldNames().forEachRemaining(known::add);
                throw new SyncInputException(SyncInputException.INVALID,
                        "record." + name + " is not a synced field"
                                + " of the " + side + " side; the synced fields are "
                                + String.join(", ", known));
            }
        }
    }

    private SyncJobRecord existing(String tenant, String id) throws SyncInputException {
        return store.job(tenant, id).orElseThrow(() -> notFound(id));
    }

    private static SyncInputException notFound(String id) {
        return new SyncInputException(SyncInputException.NOT_FOUND, "no sync job '" + id + "'");
    }

    private static int page(int limit) {
        return Math.max(1, Math.min(MAX_PAGE, limit));
    }

    private void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
    }
}
