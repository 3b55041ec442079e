package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The gateway's pipeline alone (docs/BENCHMARKS.md, issue 4: at most 1 µs and 256 bytes allocated per call
 * beyond the call itself). {@code direct} calls a client that answers at once; the others call the same
 * client through a pipeline: the default policy (circuit breaker), and breaker, retry and rate limiter on
 * (the end-to-end benchmark's policy). The difference is the pipeline's cost. Run with
 * {@code java -cp weft-bench/target/... dev.weft.gateway.GatewayPipelineJmh} (see BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class GatewayPipelineJmh {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SystemClient client;
    private OperationSpec operation;
    private Call call;
    private Pipeline defaults;
    private Pipeline guarded;

    /** Answers with a prepared output: the cheapest call there is. */
    static final class Answering implements SystemClient {
        private final JsonNode output;

        Answering(JsonNode output) {
            this.output = output;
        }

        @Override
        public JsonNode invoke(Call call) {
            return output;
        }

        @Override
        public ConnectionTest test() {
            return ConnectionTest.ok("in memory");
        }

        @Override
        public void close() {
        }
    }

    @Setup
    public void setUp() throws Exception {
        client = new Answering(JSON.readTree("{\"status\": 200, \"body\": {\"ok\": true}}"));
        operation = new OperationSpec("http.request", "bench", JSON.readTree("{\"type\": \"object\"}"),
                JSON.createObjectNode(), true, List.of());
        call = new Call("http.request", JSON.readTree("{\"path\": \"/orders\"}"), "bench-key",
                Duration.ofSeconds(30),
                new Cancellation());
        defaults = new Pipeline("bench", Policy.DEFAULT, Clock.systemUTC(), List.of(client),
                CallObserver.NONE,
                null);
        // As in the server: metrics on, the call log's level check.
        guarded = new Pipeline("bench", Policy.parse(JSON.readTree("{\"retry\": {\"maxAttempts\": 3},"
                + " \"rateLimit\": {\"permits\": 1000000, \"period\": \"10ms\"}}")), Clock.systemUTC(),
                List.of(client), new GatewayMetrics(new SimpleMeterRegistry()), null);
    }

    @Benchmark
    public JsonNode direct() throws ConnectorException {
        return client.invoke(call);
    }

    @Benchmark
    public JsonNode defaultPolicy() throws ConnectorException {
        return defaults.call(operation, call);
    }

    @Benchmark
    public JsonNode breakerRetryRateLimit() throws ConnectorException {
        return guarded.call(operation, call);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(GatewayPipelineJmh.class.getSimpleName()).addProfiler("gc")
                .build()).run();
    }
}
