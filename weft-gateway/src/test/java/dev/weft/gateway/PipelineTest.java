package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's rules on a client of our own SPI that fails or blocks on demand (no external system is
 * imitated): which calls are retried, what the cache answers, what the rate limiter and bulkhead refuse,
 * and what the timeout caps.
 */
class PipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fails with a retryable error the first {@code failures} calls, then echoes its input. */
    static final class Flaky implements SystemClient {
        final AtomicInteger calls = new AtomicInteger();
        final int failures;
        volatile Duration lastTimeout;
        volatile CountDownLatch block;

        Flaky(int failures) {
            this.failures = failures;
        }

        @Override
        public JsonNode invoke(Call call) throws ConnectorException {
            lastTimeout = call.timeout();
            if (calls.incrementAndGet() <= failures) {
                throw ConnectorException.retryable("test.unavailable", "unavailable", null, null);
            }
            if (block != null) {
                try {
                    block.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return call.input();
        }

        @Override
        public ConnectionTest test() {
            return ConnectionTest.ok("always");
        }

        @Override
        public void close() {
        }
    }

    private static OperationSpec op(boolean idempotent) {
        return new OperationSpec("t.op", "an operation", JSON.createObjectNode().put("type", "object"),
                JSON.createObjectNode(), idempotent, List.of());
    }

    private static Call call(String input) throws Exception {
        return new Call("t.op", JSON.readTree(input), "k", Duration.ofSeconds(30), new Cancellation());
    }

    private static Pipeline pipeline(String policy) throws Exception {
        return new Pipeline("sys", Policy.parse(JSON.readTree(policy)), Clock.systemUTC());
    }

    @Test
    void onlyIdempotentOperationsAreRetriedUnlessThePolicySaysSo() throws Exception {
        Pipeline p = pipeline("{\"retry\": {\"maxAttempts\": 3, \"backoff\": \"1ms\"}}");
        Flaky idempotent = new Flaky(2);
        assertThat(p.call(idempotent, op(true), call("{\"a\": 1}"))).isEqualTo(JSON.readTree("{\"a\": 1}"));
        assertThat(idempotent.calls.get()).isEqualTo(3);

        Flaky once = new Flaky(1);
        assertThatThrownBy(() -> p.call(once, op(false), call("{}"))).isInstanceOf(ConnectorException.class);
        assertThat(once.calls.get()).isEqualTo(1);

        Flaky allowed = new Flaky(1);
        pipeline("{\"retry\": {\"maxAttempts\": 2, \"backoff\": \"1ms\", \"nonIdempotent\": true}}")
                .call(allowed, op(false), call("{}"));
        assertThat(allowed.calls.get()).isEqualTo(2);
    }

    @Test
    void theCacheAnswersRepeatedIdempotentCallsWithoutCallingAgain() throws Exception {
        Pipeline p = pipeline("{\"cache\": {\"ttl\": \"1m\", \"maxEntries\": 10}}");
        Flaky client = new Flaky(0);
        p.call(client, op(true), call("{\"id\": 7}"));
        p.call(client, op(true), call("{\"id\": 7}"));
        p.call(client, op(true), call("{\"id\": 8}"));
        p.call(client, op(false), call("{\"id\": 7}"));
        assertThat(client.calls.get()).isEqualTo(3);
        assertThat(p.view().at("/cache/entries").asLong()).isEqualTo(2);
    }

    @Test
    void theRateLimiterRefusesACallBeyondItsPermits() throws Exception {
        Pipeline p = pipeline("{\"rateLimit\": {\"permits\": 2, \"period\": \"1h\"}}");
        Flaky client = new Flaky(0);
        p.call(client, op(true), call("{}"));
        p.call(client, op(true), call("{}"));
        assertThatThrownBy(() -> p.call(client, op(true), call("{}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("gateway.rate_limited");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("policy.rateLimit");
                });
        assertThat(client.calls.get()).isEqualTo(2);
    }

    @Test
    void theBulkheadRefusesACallBeyondItsConcurrency() throws Exception {
        Pipeline p = pipeline("{\"bulkhead\": {\"maxConcurrent\": 1}}");
        Flaky client = new Flaky(0);
        client.block = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                p.call(client, op(true), call("{}"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        while (client.calls.get() == 0) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> p.call(client, op(true), call("{}")))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("gateway.bulkhead_full"));
        client.block.countDown();
        first.join();
        assertThat(p.view().at("/bulkhead/availableCalls").asInt()).isEqualTo(1);
    }

    @Test
    void thePolicyTimeoutCapsTheCallsOwnButNeverLengthensIt() throws Exception {
        Flaky client = new Flaky(0);
        pipeline("{\"timeout\": \"2s\"}").call(client, op(true), call("{}"));
        assertThat(client.lastTimeout).isEqualTo(Duration.ofSeconds(2));
        pipeline("{\"timeout\": \"5m\"}").call(client, op(true), call("{}"));
        assertThat(client.lastTimeout).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBadPolicyNamesEveryBadField() {
        assertThatThrownBy(
                () -> Policy.parse(JSON.readTree("{\"timeout\": \"soon\", \"retry\": {\"maxAttempts\":"
                        + " 0}, \"circuitBreaker\": {\"failureRate\": 150}, \"speed\": 1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy.timeout: must be a duration")
                .hasMessageContaining(
                        "policy.retry.maxAttempts: must be a whole number from 1 to 10, but was 0")
                .hasMessageContaining("policy.circuitBreaker.failureRate")
                .hasMessageContaining("policy.speed: unknown");
    }
}
