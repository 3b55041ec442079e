package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import dev.weft.testkit.store.ExecutionStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteExecutionStoreTest extends ExecutionStoreContract {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.891Z");
    private static final String TENANT = ExecutionStore.DEFAULT_TENANT;

    @TempDir
    Path dataDir;

    @Override
    protected ExecutionStore openStore() {
        return SqliteExecutionStore.open(dataDir);
    }

    @Override
    protected ExecutionStore reopenStore() {
        return SqliteExecutionStore.open(dataDir);
    }

    private static ExecutionRecord queued(String id) {
        return new ExecutionRecord(TENANT, id, "acme.orders", "ship", 1, ExecutionStatus.QUEUED,
                JsonNodeFactory.instance.objectNode().put("n", id), null, null, null, T0, T0, null, null,
                null,
                null, 0,
                null, null);
    }

    @Test
    void createsTheDataDirectoryAndDatabaseFile() {
        Path nested = dataDir.resolve("a/b");
        try (SqliteExecutionStore store = SqliteExecutionStore.open(nested)) {
            assertThat(store.executions(ExecutionQuery.all(TENANT))).isEmpty();
        }
        assertThat(Files.isRegularFile(nested.resolve("weft.db"))).isTrue();
    }

    @Test
    void everyCommitIsFsyncedToAWriteAheadLog() {
        try (SqliteExecutionStore store = SqliteExecutionStore.open(dataDir)) {
            assertThat(store.writerPragma("journal_mode")).isEqualToIgnoringCase("wal");
            // 2 is FULL: NORMAL (1) may lose the latest commits of a WAL database on power loss.
            assertThat(store.writerPragma("synchronous")).isEqualTo("2");
            assertThat(store.writerPragma("foreign_keys")).isEqualTo("1");
            assertThat(Integer.parseInt(store.writerPragma("busy_timeout"))).isGreaterThanOrEqualTo(5000);
        }
    }

    @Test
    void twoStoresOnTheSameFileBothWriteAndSeeEachOthersCommits() {
        try (SqliteExecutionStore server = SqliteExecutionStore.open(dataDir);
                SqliteExecutionStore cli = SqliteExecutionStore.open(dataDir)) {
            ExecutionRecord waiting = new ExecutionRecord(TENANT, "e-1", "acme.orders", "ship", 1,
                    ExecutionStatus.WAITING, null, null, null, null, T0, T0, null, null, null, null, 0, null,
                    null);
            assertThat(server.apply(List.of(Transition.create(waiting)))).containsExactly(true);

            assertThat(cli.addSignal(TENANT, "e-1", "approved", JsonNodeFactory.instance.objectNode(), T0))
                    .isTrue();

            assertThat(server.signals(TENANT, "e-1")).hasSize(1);
            assertThat(server.nextDueAt()).contains(T0);
            assertThat(server.apply(List.of(Transition.create(queued("e-2"))))).containsExactly(true);
            assertThat(cli.execution(TENANT, "e-2")).isPresent();
        }
    }

    @Test
    void concurrentBatchesFromSeveralThreadsLoseNothing() throws Exception {
        int threads = 4;
        int batches = 25;
        int perBatch = 40;
        try (SqliteExecutionStore store = SqliteExecutionStore.open(dataDir);
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Integer>> applied = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                applied.add(pool.submit(() -> {
                    int count = 0;
                    for (int b = 0; b < batches; b++) {
                        List<Transition> batch = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            ExecutionRecord e = queued("t" + thread + "-b" + b + "-" + i);
                            batch.add(Transition.create(e));
                            batch.add(Transition.update(e, 0, List.of(new StepRecord(e.id(), "fetch", "fetch",
                                    "http.request", StepStatus.SUCCEEDED, 1, null, null, null, null, T0, T0,
                                    null,
                                    1))));
                        }
                        count += (int) store.apply(batch).stream().filter(Boolean::booleanValue).count();
                    }
                    return count;
                }));
            }
            int total = 0;
            for (Future<Integer> result : applied) {
                total += result.get();
            }

            int executions = threads * batches * perBatch;
            assertThat(total).isEqualTo(2 * executions);
            assertThat(store.executions(ExecutionQuery.all(TENANT).withLimit(0))).hasSize(executions);
            assertThat(store.steps(TENANT, "t3-b24-39")).hasSize(1);
        }
    }

    @Test
    void aPageIsOneIndexRangeFromItsCursorWithoutASort() {
        ExecutionQuery.Cursor cursor = new ExecutionQuery.Cursor(T0, "e-1");
        ExecutionQuery all = ExecutionQuery.all(TENANT).withLimit(50);
        try (SqliteExecutionStore store = SqliteExecutionStore.open(dataDir)) {
            assertThat(store.listingPlan(all.withAfter(cursor))).containsExactly(
                    "SEARCH executions USING INDEX executions_by_created (tenant_id=? AND (created_at,id)<(?,?))");
            assertThat(store.listingPlan(all.withAfter(cursor).withCreatedFrom(T0.minusSeconds(60))
                    .withCreatedTo(T0.plusSeconds(60)))).containsExactly(
                            "SEARCH executions USING INDEX executions_by_created"
                                    + " (tenant_id=? AND created_at>? AND (created_at,id)<(?,?))");
            assertThat(store.listingPlan(all.withFlow("acme.orders/ship").withAfter(cursor)
                    .withStatuses(java.util.Set.of(ExecutionStatus.FAILED)))).containsExactly(
                            "SEARCH executions USING INDEX executions_by_flow_created"
                                    + " (tenant_id=? AND namespace=? AND flow_id=? AND (created_at,id)<(?,?))");
            assertThat(store.listingPlan(all.withTriggers(java.util.Set.of("webhook")).withAfter(cursor)))
                    .containsExactly("SEARCH executions USING INDEX executions_by_trigger_created"
                            + " (tenant_id=? AND trigger_type=? AND (created_at,id)<(?,?))");
            // An id prefix reads two index ranges, the id's and the trigger key's, and sorts what they hold.
            assertThat(String.join("\n", store.listingPlan(all.withIdPrefix("0190ab")))).contains(
                    "MULTI-INDEX OR",
                    "SEARCH executions USING INDEX sqlite_autoindex_executions_1 (tenant_id=? AND id>? AND id<?)",
                    "SEARCH executions USING INDEX executions_by_trigger_key"
                            + " (tenant_id=? AND trigger_key>? AND trigger_key<?)")
                    .doesNotContain("SCAN executions");
        }
    }

    @Test
    void twoStoresDeployingAtOnceNeverReuseAVersion() throws Exception {
        try (SqliteExecutionStore a = SqliteExecutionStore.open(dataDir);
                SqliteExecutionStore b = SqliteExecutionStore.open(dataDir);
                ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<List<Integer>>> deployed = new ArrayList<>();
            for (SqliteExecutionStore store : List.of(a, b)) {
                deployed.add(pool.submit(() -> {
                    List<Integer> versions = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        versions.add(store.deployFlow(TENANT, "acme", "ship", store + "-" + i, T0).version());
                    }
                    return versions;
                }));
            }
            List<Integer> all = new ArrayList<>(deployed.get(0).get());
            all.addAll(deployed.get(1).get());

            assertThat(all).doesNotHaveDuplicates().hasSize(40);
            assertThat(a.latestFlowVersion(TENANT, "acme", "ship")).hasValueSatisfying(
                    latest -> assertThat(latest.version()).isEqualTo(40));
        }
    }

    @Test
    void twoStoresClaimingAtOnceNeverClaimTheSameExecution() throws Exception {
        int executions = 200;
        try (SqliteExecutionStore a = SqliteExecutionStore.open(dataDir);
                SqliteExecutionStore b = SqliteExecutionStore.open(dataDir);
                ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Transition> creates = new ArrayList<>();
            for (int i = 0; i < executions; i++) {
                creates.add(Transition.create(queued("q" + i)));
            }
            a.apply(creates);
            List<Future<List<String>>> claimed = new ArrayList<>();
            for (SqliteExecutionStore store : List.of(a, b)) {
                String name = store == a ? "a" : "b";
                claimed.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    // A new owner name per claim: an owner may claim again what it holds, and then
                    // it would never run out of work.
                    for (int round = 0;; round++) {
                        List<ExecutionRecord> batch = store.claim(
                                new ClaimRequest(name + round, T0, Duration.ofMinutes(1), 7, owner -> false));
                        if (batch.isEmpty()) {
                            return ids;
                        }
                        batch.forEach(e -> ids.add(e.id()));
                    }
                }));
            }
            List<String> all = new ArrayList<>(claimed.get(0).get());
            all.addAll(claimed.get(1).get());

            assertThat(all).doesNotHaveDuplicates().hasSize(executions);
        }
    }
}
