package dev.weft.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Blobs;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.Engine;
import dev.weft.engine.EngineListener;
import dev.weft.engine.FlowParser;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.FixedSystems;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end throughput of durable executions: a 5-step transform flow on a store (the embedded SQLite
 * one: WAL, synchronous=FULL, every commit fsync'd; or PostgreSQL), with {@code concurrency} executions
 * in flight. Each
 * execution commits its creation and each of its 5 steps (the last together with the end), so a
 * transition is durable before the next step starts; group commit shares fsyncs between executions.
 */
public final class TransformFlowBench {
    static final String FLOW = """
            id: five-transforms
            namespace: bench
            steps:
              - {id: a, type: transform, output: "{{ input.n + 1 }}"}
              - {id: b, type: transform, output: "{{ a * 2 }}"}
              - {id: c, type: transform, output: {value: "{{ b }}", label: "n={{ input.n }}"}}
              - {id: d, type: transform, output: "{{ c.value - 1 }}"}
              - {id: e, type: transform, output: {result: "{{ d }}"}}
            """;

    record Result(int concurrency, long executions, double seconds, double executionsPerSecond,
            double transitionsPerSecond, long failed, double transitionsPerTransaction) {
    }

    /** No call step of the benchmark's flow stores a blob. */
    private static final Blobs NO_BLOBS = new Blobs() {
        @Override
        public BlobRef put(InputStream content, String contentType) throws ConnectorException {
            throw ConnectorException.permanent("blob.unavailable", "the benchmark has no blob store", null,
                    null);
        }

        @Override
        public InputStream open(BlobRef ref) throws ConnectorException {
            throw ConnectorException.permanent("blob.unavailable", "the benchmark has no blob store", null,
                    null);
        }
    };

    /** Runs on {@code store}, which must be empty; the caller closes it. */
    public static Result run(ExecutionStore store, int executions, int concurrency) throws Exception {
        CountDownLatch done = new CountDownLatch(executions);
        AtomicLong failed = new AtomicLong();
        Semaphore slots = new Semaphore(concurrency);
        EngineListener listener = new EngineListener() {
            @Override
            public void executionFinished(ExecutionRecord execution) {
                if (execution.status() != ExecutionStatus.SUCCEEDED) {
                    failed.incrementAndGet();
                }
                slots.release();
                done.countDown();
            }
        };
        // The server's call path with no connectors and no systems: the flow has no call steps.
        try (Gateway gateway = Gateway.of(List.of(), FixedSystems.none(), CredentialSource.none(),
                EgressGuard.of(EgressPolicy.blockPrivate()), Clock.systemUTC(), ExecutionStore.DEFAULT_TENANT,
                NO_BLOBS, CallObserver.NONE);
                Engine engine = Engine.builder(store).parser(FlowParser.reading(Set.of()))
                        .calls(dev.weft.gateway.Gateways.only(gateway))
                        .listener(listener).build().start()) {
            dev.weft.engine.Caller caller = dev.weft.engine.Caller.system(ExecutionStore.DEFAULT_TENANT,
                    "bench");
            FlowVersion version = engine.client().deploy(caller, "five-transforms.yaml", FLOW);
            ObjectMapper mapper = new ObjectMapper();
            long start = System.nanoTime();
            for (int i = 0; i < executions; i++) {
                slots.acquire();
                ObjectNode input = mapper.createObjectNode().put("n", i);
                Thread.ofVirtual().start(() -> {
                    try {
                        engine.client().start(caller, version, input, null, null);
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        slots.release();
                        done.countDown();
                    }
                });
            }
            done.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            // Per execution: its creation and 5 step transitions (the last one carrying its end), each committed.
            var stats = engine.commitStats();
            return new Result(concurrency, executions, seconds, executions / seconds,
                    executions * 5 / seconds,
                    failed.get(), (double) stats.transitions() / Math.max(1, stats.transactions()));
        }
    }
}
