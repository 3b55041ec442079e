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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on PostgreSQL, and several nodes sharing one database. */
class PostgresExecutionStoreIT extends ExecutionStoreContract {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.891Z");
    private static final String TENANT = ExecutionStore.DEFAULT_TENANT;

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Override
    protected ExecutionStore openStore() {
        return PostgresExecutionStore.open(SCHEMAS.settings("store"));
    }

    @Override
    protected ExecutionStore reopenStore() {
        return PostgresExecutionStore.open(SCHEMAS.settings("store"));
    }

    private static ExecutionRecord queued(String id) {
        return new ExecutionRecord(TENANT, id, "acme.orders", "ship", 1, ExecutionStatus.QUEUED,
                JsonNodeFactory.instance.objectNode().put("n", id), null, null, null, T0, T0, null, null,
                null,
                null, 0, null, null);
    }

    @Test
    void twoNodesClaimingAtOnceNeverClaimTheSameExecution() throws Exception {
        int executions = 300;
        try (ExecutionStore a = openStore();
                ExecutionStore b = openStore();
                ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Transition> creates = new ArrayList<>();
            for (int i = 0; i < executions; i++) {
                creates.add(Transition.create(queued("q" + i)));
            }
            a.apply(creates);
            List<Future<List<String>>> claimed = new ArrayList<>();
            // Two claimers per node, so that claims also race on one node's pool.
            for (ExecutionStore store : List.of(a, b, a, b)) {
                int claimer = claimed.size();
                claimed.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    // A new owner per claim: an owner's own live leases are not claimable, so the rows it
                    // took would never run out otherwise... and they must not be claimable by others.
                    for (int round = 0;; round++) {
                        List<ExecutionRecord> batch = store.claim(new ClaimRequest(claimer + "-" + round, T0,
                                Duration.ofMinutes(1), 7, owner -> false));
                        if (batch.isEmpty()) {
                            return ids;
                        }
                        batch.forEach(e -> ids.add(e.id()));
                    }
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> ids : claimed) {
                all.addAll(ids.get());
            }

            assertThat(all).doesNotHaveDuplicates().hasSize(executions);
        }
    }

    @Test
    void twoNodesDeployingAtOnceNeverReuseAVersion() throws Exception {
        try (ExecutionStore a = openStore();
                ExecutionStore b = openStore();
                ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<List<Integer>>> deployed = new ArrayList<>();
            for (ExecutionStore store : List.of(a, b, a, b)) {
                int deployer = deployed.size();
                deployed.add(pool.submit(() -> {
                    List<Integer> versions = new ArrayList<>();
                    for (int i = 0; i < 15; i++) {
                        versions.add(
                                store.deployFlow(TENANT, "acme", "ship", deployer + "-" + i, T0).version());
                    }
                    return versions;
                }));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> versions : deployed) {
                all.addAll(versions.get());
            }

            assertThat(all).doesNotHaveDuplicates().hasSize(60);
            assertThat(a.latestFlowVersion(TENANT, "acme", "ship")).hasValueSatisfying(
                    latest -> assertThat(latest.version()).isEqualTo(60));
        }
    }

    @Test
    void concurrentBatchesFromSeveralThreadsLoseNothing() throws Exception {
        int threads = 4;
        int batches = 10;
        int perBatch = 40;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
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
                                    null, 1))));
                        }
                        count += (int) store().apply(batch).stream().filter(Boolean::booleanValue).count();
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
            assertThat(store().executions(ExecutionQuery.all(TENANT).withLimit(0))).hasSize(executions);
            assertThat(store().steps(TENANT, "t3-b9-39")).hasSize(1);
        }
    }

    @Test
    void aSignalSentWhileAnotherNodeCommitsTheEndWaitsForItAndIsRefused() throws Exception {
        ExecutionRecord running = new ExecutionRecord(TENANT, "e-1", "acme.orders", "ship", 1,
                ExecutionStatus.RUNNING, null, null, null, null, T0, T0, null, null, "w1", T0.plusSeconds(30),
                1,
                null, null);
        store().apply(List.of(Transition.create(running)));
        PostgresSettings settings = SCHEMAS.settings("store");
        // The other node's connection is declared last so that it closes first: should the test fail, its
        // lock goes and the signal's thread ends, rather than the executor waiting for it forever.
        try (ExecutorService pool = Executors.newSingleThreadExecutor();
                Connection otherNode = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                        null)) {
            otherNode.setAutoCommit(false);
            try (Statement finish = otherNode.createStatement()) {
                finish.executeUpdate("UPDATE " + settings.schema() + ".executions SET status = 'succeeded'"
                        + " WHERE id = 'e-1'");
            }
            Future<Boolean> signal = pool.submit(() -> store().addSignal(TENANT, "e-1", "approved",
                    JsonNodeFactory.instance.objectNode(), T0));
            awaitLockWaiter("SELECT status FROM executions");
            otherNode.commit();

            assertThat(signal.get()).isFalse();
            assertThat(store().signals(TENANT, "e-1")).isEmpty();
        }
    }

    /** Returns once a session runs a statement containing {@code sql} and waits for a lock. */
    private static void awaitLockWaiter(String sql) throws Exception {
        // A connection of its own, outside any transaction: activity statistics are read once per transaction.
        try (Connection connection = DriverManager.getConnection(PostgresSchemas.URL, PostgresSchemas.USER,
                null);
                PreparedStatement waiters = connection
                        .prepareStatement("SELECT count(*) FROM pg_stat_activity"
                                + " WHERE wait_event_type = 'Lock' AND query LIKE ?")) {
            waiters.setString(1, "%" + sql + "%"); // after the transaction's SET LOCAL, when it leads
            for (int polls = 0; polls < 2_000; polls++) {
                try (ResultSet rs = waiters.executeQuery()) {
                    if (rs.next() && rs.getInt(1) > 0) {
                        return;
                    }
                }
                // PostgreSQL tells no one when a session starts waiting for a lock; its statistics are the
                // condition, so they are polled.
                Thread.sleep(5);
            }
        }
        throw new AssertionError("no session waited for a lock while running " + sql);
    }
}
