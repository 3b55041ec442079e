package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.TraceContext;
import dev.weft.testkit.engine.MutableClock;
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
    static class Flaky implements SystemClient {
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

    /** A read-only operation: the only kind the cache answers. */
    private static OperationSpec read() {
        return new OperationSpec("t.op", "a read", JSON.createObjectNode().put("type", "object"),
                JSON.createObjectNode(), true, true, List.of());
    }

    private static Call call(String input) throws Exception {
        return new Call("t.op", JSON.readTree(input), "k", Duration.ofSeconds(30), new Cancellation());
    }

    private static Pipeline pipeline(String policy, SystemClient... clients) throws Exception {
        return pipeline(policy, Clock.systemUTC(), CallObserver.NONE, clients);
    }

    private static Pipeline pipeline(String policy, Clock clock, CallObserver observer,
            SystemClient... clients)
            throws Exception {
        return new Pipeline("sys", Policy.parse(JSON.readTree(policy)), clock, List.of(clients), observer,
                null);
    }

    /** Refuses the first {@code refusals} calls as a vendor's rate limit does (a 429 with Retry-After). */
    static class Throttled implements SystemClient {
        final List<Long> callNanos = new java.util.concurrent.CopyOnWriteArrayList<>();
        final int refusals;
        final Duration retryAfter;

        Throttled(int refusals, Duration retryAfter) {
            this.refusals = refusals;
            this.retryAfter = retryAfter;
        }

        @Override
        public JsonNode invoke(Call call) throws ConnectorException {
            callNanos.add(System.nanoTime());
            if (callNanos.size() <= refusals) {
                throw ConnectorException.rateLimited("test.rate_limited", "too many requests", retryAfter,
                        null);
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

    @Test
    void aRateLimitRefusalIsRetriedNoSoonerThanAskedAndNeverOpensTheBreaker() throws Exception {
        Throttled client = new Throttled(1, Duration.ofSeconds(1));
        Pipeline p = pipeline("{\"retry\": {\"maxAttempts\": 2, \"backoff\": \"1ms\"}}", client);
        assertThat(p.call(op(true), call("{\"a\": 1}"))).isEqualTo(JSON.readTree("{\"a\": 1}"));
        assertThat(client.callNanos).hasSize(2);
        // The policy's backoff is 1 ms; the vendor asked for 1 s, and that comes first.
        assertThat(client.callNanos.get(1) - client.callNanos.get(0))
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(990));

        Throttled always = new Throttled(Integer.MAX_VALUE, null);
        Pipeline q = pipeline("{\"circuitBreaker\": {\"minimumCalls\": 2, \"window\": 2}}", always);
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> q.call(op(true), call("{}"))).isInstanceOfSatisfying(
                    ConnectorException.class,
                    e -> assertThat(e.code()).isEqualTo("test.rate_limited"));
        }
        assertThat(always.callNanos).as("every call reached the system").hasSize(10);
        assertThat(q.view().at("/circuitBreaker/state").asText()).isEqualTo("closed");
    }

    @Test
    void aWaitLongerThanACallShouldHoldIsLeftToTheStepsRetry() throws Exception {
        Throttled client = new Throttled(1, Pipeline.MAX_RETRY_AFTER_IN_CALL.plusSeconds(1));
        Pipeline p = pipeline("{\"retry\": {\"maxAttempts\": 3, \"backoff\": \"1ms\"}}", client);
        assertThatThrownBy(() -> p.call(op(true), call("{}"))).isInstanceOfSatisfying(
                ConnectorException.class,
                e -> {
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryAfter()).contains(Pipeline.MAX_RETRY_AFTER_IN_CALL.plusSeconds(1));
                });
        assertThat(client.callNanos).as("not tried again within the call").hasSize(1);
    }

    @Test
    void onlyIdempotentOperationsAreRetriedUnlessThePolicySaysSo() throws Exception {
        String retry = "{\"retry\": {\"maxAttempts\": 3, \"backoff\": \"1ms\"}}";
        Flaky idempotent = new Flaky(2);
        assertThat(pipeline(retry, idempotent).call(op(true), call("{\"a\": 1}")))
                .isEqualTo(JSON.readTree("{\"a\": 1}"));
        assertThat(idempotent.calls.get()).isEqualTo(3);

        Flaky once = new Flaky(1);
        Pipeline p = pipeline(retry, once);
        assertThatThrownBy(() -> p.call(op(false), call("{}"))).isInstanceOf(ConnectorException.class);
        assertThat(once.calls.get()).isEqualTo(1);

        Flaky allowed = new Flaky(1);
        pipeline("{\"retry\": {\"maxAttempts\": 2, \"backoff\": \"1ms\", \"nonIdempotent\": true}}", allowed)
                .call(op(false), call("{}"));
        assertThat(allowed.calls.get()).isEqualTo(2);
    }

    @Test
    void theCacheAnswersRepeatedReadOnlyCallsWithoutCallingAgain() throws Exception {
        Flaky client = new Flaky(0);
        Pipeline p = pipeline("{\"cache\": {\"ttl\": \"1m\", \"maxEntries\": 10}}", client);
        p.call(read(), call("{\"id\": 7}"));
        p.call(read(), call("{\"id\": 7}"));
        p.call(read(), call("{\"id\": 8}"));
        p.call(op(false), call("{\"id\": 7}"));
        assertThat(client.calls.get()).isEqualTo(3);
        assertThat(p.view().at("/cache/entries").asLong()).isEqualTo(2);
    }

    @Test
    void theRateLimiterRefusesACallBeyondItsPermits() throws Exception {
        Flaky client = new Flaky(0);
        Pipeline p = pipeline("{\"rateLimit\": {\"permits\": 2, \"period\": \"1h\"}}", client);
        p.call(op(true), call("{}"));
        p.call(op(true), call("{}"));
        assertThatThrownBy(() -> p.call(op(true), call("{}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("gateway.rate_limited");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("policy.rateLimit");
                });
        assertThat(client.calls.get()).isEqualTo(2);
    }

    @Test
    void theBulkheadRefusesACallBeyondItsConcurrency() throws Exception {
        Flaky client = new Flaky(0);
        Pipeline p = pipeline("{\"bulkhead\": {\"maxConcurrent\": 1}}", client);
        client.block = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                p.call(op(true), call("{}"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        while (client.calls.get() == 0) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> p.call(op(true), call("{}")))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("gateway.bulkhead_full"));
        client.block.countDown();
        first.join();
        assertThat(p.view().at("/bulkhead/availableCalls").asInt()).isEqualTo(1);
    }

    @Test
    void thePolicyTimeoutCapsTheCallsOwnButNeverLengthensIt() throws Exception {
        Flaky client = new Flaky(0);
        pipeline("{\"timeout\": \"2s\"}", client).call(op(true), call("{}"));
        assertThat(client.lastTimeout).isEqualTo(Duration.ofSeconds(2));
        pipeline("{\"timeout\": \"5m\"}", client).call(op(true), call("{}"));
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

    /** Fails with a retryable error while {@code down}, else answers with its name; remembers the spans. */
    static final class Switchable implements SystemClient {
        final String name;
        final AtomicInteger calls = new AtomicInteger();
        final List<String> spans = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean down;
        volatile boolean refuses;

        Switchable(String name) {
            this.name = name;
        }

        @Override
        public JsonNode invoke(Call call) throws ConnectorException {
            calls.incrementAndGet();
            if (call.trace() != null) {
                spans.add(call.trace().spanId());
            }
            if (refuses) {
                throw ConnectorException.permanent("test.refused", "refused", null, null);
            }
            if (down) {
                throw ConnectorException.retryable("test.unavailable", name + " is down", null, null);
            }
            return JSON.getNodeFactory().textNode(name);
        }

        @Override
        public ConnectionTest test() {
            return ConnectionTest.ok(name);
        }

        @Override
        public void close() {
        }
    }

    private static final String TWO_ENDPOINTS = "\"endpoints\": [{\"baseUrl\": \"http://a.example\", \"weight\": 3},"
            + " {\"baseUrl\": \"http://b.example\"}]";

    @Test
    void callsAreSpreadOverEndpointsByWeight() throws Exception {
        Switchable a = new Switchable("a");
        Switchable b = new Switchable("b");
        Pipeline p = pipeline("{" + TWO_ENDPOINTS + "}", a, b);
        for (int i = 0; i < 400; i++) {
            p.call(op(true), call("{}"));
        }
        assertThat(a.calls.get()).isEqualTo(300);
        assertThat(b.calls.get()).isEqualTo(100);
        assertThat(p.view().at("/endpoints/0/baseUrl").asText()).isEqualTo("http://a.example");
        assertThat(p.view().at("/endpoints/1/circuitBreaker/state").asText()).isEqualTo("closed");
    }

    @Test
    void aRetryFailsOverToAnotherEndpointAndAnOpenEndpointGetsNoCallsUntilItsTrial() throws Exception {
        Switchable a = new Switchable("a");
        Switchable b = new Switchable("b");
        a.down = true;
        MutableClock clock = new MutableClock();
        List<String> transitions = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<BreakerChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        CallObserver observer = new CallObserver() {
            @Override
            public void called(CallEvent event) {
            }

            @Override
            public void breakerChanged(BreakerChange change) {
                transitions.add(change.endpoint() + " " + change.to());
                changes.add(change);
            }
        };
        Pipeline p = pipeline("{" + TWO_ENDPOINTS + ", \"retry\": {\"maxAttempts\": 2, \"backoff\": \"1h\"},"
                + " \"circuitBreaker\": {\"minimumCalls\": 1, \"window\": 1, \"openDuration\": \"30s\","
                + " \"halfOpenCalls\": 1}}", clock, observer, a, b);
        // Every call answers: an attempt on a goes on to b at once (no backoff when there is another).
        for (int i = 0; i < 40; i++) {
            assertThat(p.call(op(true), call("{}")).asText()).isEqualTo("b");
        }
        assertThat(a.calls.get()).isEqualTo(1);
        assertThat(p.view().at("/endpoints/0/circuitBreaker/state").asText()).isEqualTo("open");
        assertThat(p.view().at("/circuitBreaker/state").asText()).isEqualTo("closed");
        assertThat(transitions).containsExactly("http://a.example open");

        a.down = false;
        clock.advance(Duration.ofSeconds(31));
        assertThat(p.call(op(true), call("{}")).asText()).isEqualTo("a");
        assertThat(transitions).containsExactly("http://a.example open", "http://a.example half_open",
                "http://a.example closed");
        // The rate that opened it (the one call of its window failed); a closed breaker starts a new window.
        assertThat(changes).extracting(BreakerChange::from, BreakerChange::failureRate).containsExactly(
                tuple("closed", 100f), tuple("open", null), tuple("half_open", null));
        assertThat(changes).allSatisfy(c -> assertThat(c.ofSystem()).isTrue());
        assertThat(p.view().at("/endpoints/0/circuitBreaker/state").asText()).isEqualTo("closed");
    }

    @Test
    void whenEveryEndpointIsOpenCallsFailFastWithoutReachingThem() throws Exception {
        Switchable a = new Switchable("a");
        Switchable b = new Switchable("b");
        a.down = true;
        b.down = true;
        Pipeline p = pipeline("{" + TWO_ENDPOINTS + ", \"circuitBreaker\": {\"minimumCalls\": 2,"
                + " \"window\": 2}}", a, b);
        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(() -> p.call(op(true), call("{}"))).isInstanceOf(ConnectorException.class);
        }
        int reached = a.calls.get() + b.calls.get();
        assertThatThrownBy(() -> p.call(op(true), call("{}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("gateway.circuit_open");
                    assertThat(e.getMessage()).contains("all 2 of its endpoints are open");
                });
        assertThat(a.calls.get() + b.calls.get()).isEqualTo(reached);
        assertThat(p.view().at("/circuitBreaker/state").asText()).isEqualTo("open");
    }

    @Test
    void aFallbackValueAnswersAnUnavailableSystemButNotARefusal() throws Exception {
        Switchable a = new Switchable("a");
        a.down = true;
        List<CallEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pipeline p = pipeline("{\"fallback\": {\"value\": {\"status\": 200, \"body\": []}}}",
                Clock.systemUTC(),
                events::add, a);
        assertThat(p.call(op(false), call("{}"))).isEqualTo(JSON.readTree("{\"status\": 200, \"body\": []}"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(CallEvent.Outcome.FALLBACK);
            assertThat(e.errorCode()).isEqualTo("test.unavailable");
            assertThat(e.attempts()).isEqualTo(1);
        });
        a.refuses = true;
        assertThatThrownBy(() -> p.call(op(false), call("{}")))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("test.refused"));
        assertThat(events.get(1).outcome()).isEqualTo(CallEvent.Outcome.FAILED);
    }

    @Test
    void aFallbackSystemIsCalledWithTheSameCallAndItsFailureNamesBoth() throws Exception {
        Switchable a = new Switchable("a");
        a.down = true;
        Switchable other = new Switchable("other");
        Pipeline p = new Pipeline("sys",
                Policy.parse(JSON.readTree("{\"fallback\": {\"system\": \"spare\"}}")),
                Clock.systemUTC(), List.of(a), CallObserver.NONE, (operation, c) -> other.invoke(c));
        assertThat(p.call(op(true), call("{}")).asText()).isEqualTo("other");
        other.down = true;
        assertThatThrownBy(() -> p.call(op(true), call("{}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("gateway.fallback_failed");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("a is down").contains("'spare' failed too")
                            .contains("other is down");
                });
    }

    @Test
    void observersSeeEveryOutcomeAndEachAttemptIsASpanOfTheCallsTrace() throws Exception {
        Switchable a = new Switchable("a");
        List<CallEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pipeline p = pipeline("{\"retry\": {\"maxAttempts\": 3, \"backoff\": \"1ms\"}, \"cache\": {},"
                + " \"rateLimit\": {\"permits\": 2, \"period\": \"1h\"}}", Clock.systemUTC(), events::add, a);
        TraceContext trace = TraceContext.forExecution("0193a5a0-7a2b-7c3d-8e4f-5a6b7c8d9e0f");
        Call traced = new Call("t.op", JSON.readTree("{\"n\": 1}"), "exec:step", Duration.ofSeconds(30),
                new Cancellation(), trace);
        p.call(read(), traced);
        p.call(read(), traced);
        a.down = true;
        assertThatThrownBy(() -> p.call(op(true), call("{\"n\": 2}"))).isInstanceOf(ConnectorException.class);
        assertThatThrownBy(() -> p.call(op(true), call("{\"n\": 3}"))).isInstanceOf(ConnectorException.class);
        assertThat(events).extracting(CallEvent::outcome).containsExactly(CallEvent.Outcome.OK,
                CallEvent.Outcome.CACHED, CallEvent.Outcome.UNAVAILABLE, CallEvent.Outcome.REJECTED);
        assertThat(events.get(0).traceId()).isEqualTo("0193a5a07a2b7c3d8e4f5a6b7c8d9e0f");
        assertThat(events.get(0).idempotencyKey()).isEqualTo("exec:step");
        assertThat(events.get(2).attempts()).isEqualTo(3);
        assertThat(events.get(3).errorCode()).isEqualTo("gateway.rate_limited");
        assertThat(a.spans).first().isEqualTo(trace.spanId());

        Switchable b = new Switchable("b");
        b.down = true;
        assertThatThrownBy(() -> pipeline("{\"retry\": {\"maxAttempts\": 3, \"backoff\": \"1ms\"}}", b)
                .call(op(true), traced)).isInstanceOf(ConnectorException.class);
        assertThat(b.spans).hasSize(3).doesNotHaveDuplicates().startsWith(trace.spanId());
    }

    @Test
    void endpointsNeedAConnectorWithABaseUrlAndReplaceTheConfigs() throws Exception {
        assertThatThrownBy(() -> Policy.parse(JSON.readTree("{\"endpoints\": [{\"baseUrl\": \"ftp://x\"},"
                + " {\"weight\": 0, \"baseUrl\": \"http://b\"}], \"fallback\": {}}")))
                .hasMessageContaining("policy.endpoints[0].baseUrl: must be an absolute http or https URL")
                .hasMessageContaining("policy.endpoints[1].weight: must be a whole number from 1 to 1000")
                .hasMessageContaining("policy.fallback: give exactly one of 'value'");
        Policy policy = Policy
                .parse(JSON.readTree("{" + TWO_ENDPOINTS + ", \"fallback\": {\"system\": \"crm\"}}"));
        dev.weft.connector.ConnectorSpec withBaseUrl = dev.weft.connector.ConnectorSpec.builder("t", "1.0.0")
                .description("test").operation(op(true))
                .config(JSON.readTree(
                        "{\"type\": \"object\", \"properties\": {\"baseUrl\": {\"type\": \"string\"}}}"))
                .build();
        assertThat(Policy.problem(policy, withBaseUrl, "erp", JSON.readTree("{}"))).isNull();
        assertThat(Policy.problem(policy, withBaseUrl, "erp", JSON.readTree("{\"baseUrl\": \"http://c\"}")))
                .contains("policy.endpoints: replaces config.baseUrl");
        assertThat(Policy.problem(policy, withBaseUrl, "crm", JSON.readTree("{}")))
                .contains("policy.fallback.system: cannot be the system itself");
    }

    @Test
    void aReplacedPipelineClosesItsClientsOnlyAfterTheCallsInFlight() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        Flaky client = new Flaky(0) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        client.block = new CountDownLatch(1);
        Pipeline p = pipeline("{}", client);
        assertThat(p.retain()).isTrue();
        Thread inFlight = Thread.ofVirtual().start(() -> {
            try {
                p.call(op(true), call("{\"a\": 1}"));
            } catch (ConnectorException e) {
                throw new AssertionError(e);
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                p.release();
            }
        });
        while (client.calls.get() == 0) {
            Thread.onSpinWait();
        }
        p.close();
        assertThat(closed).as("closed while a call was in flight").isFalse();
        assertThat(p.retain()).as("a closed pipeline takes no new call").isFalse();
        client.block.countDown();
        inFlight.join();
        assertThat(closed).isTrue();
    }
}
