package dev.weft.testkit.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector for engine tests that records every call it gets. It stands for no external system: it
 * is a small real connector whose effects are entries in a list, so tests can count effects and compare
 * idempotency keys. Operations: {@code test.record} (returns its input with a call count),
 * {@code test.fail} (fails the first {@code times} calls per idempotency key, retryable unless
 * {@code permanent}), {@code test.hold} (blocks until {@link #release()}), {@code test.large} (returns a
 * string of {@code size} characters). Thread-safe.
 */
public final class RecordingConnector implements Connector {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonNode ANY = JSON.objectNode().put("type", "object");
    private static final ConnectorSpec SPEC = ConnectorSpec.builder("test", "1.0.0")
            .title("Recording connector (tests)")
            .description("Records every call; stands for no external system.")
            .operation(operation("test.record", "Records the call and returns its input."))
            .operation(operation("test.fail", "Fails the first `times` calls per idempotency key."))
            .operation(operation("test.hold", "Blocks until the test releases it."))
            .operation(operation("test.large", "Returns a string of `size` characters."))
            .build();

    /** One call as received. */
    public record Call(String operation, String idempotencyKey, JsonNode input, Instant at) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);

    private static OperationSpec operation(String name, String description) {
        return new OperationSpec(name, description, ANY, JSON.objectNode(), false, List.of());
    }

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) {
        return new SystemClient() {
            @Override
            public JsonNode invoke(dev.weft.connector.Call call) throws ConnectorException {
                return RecordingConnector.this.invoke(call);
            }

            @Override
            public ConnectionTest test() {
                return ConnectionTest.ok("the recording connector connects to nothing");
            }

            @Override
            public void close() {
                // nothing held: the calls are kept by the connector, for the test to read
            }
        };
    }

    private JsonNode invoke(dev.weft.connector.Call invocation) throws ConnectorException {
        calls.add(new Call(invocation.operation(), invocation.idempotencyKey(), invocation.input(),
                Instant.now()));
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            return switch (invocation.operation()) {
                case "test.fail" -> fail(invocation);
                case "test.hold" -> hold(invocation);
                case "test.large" -> JSON.textNode("x".repeat(invocation.input().path("size").asInt(10)));
                default -> record(invocation);
            };
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private JsonNode record(dev.weft.connector.Call invocation) {
        ObjectNode out = JSON.objectNode();
        out.set("input", invocation.input());
        out.put("calls", calls.size());
        int pauseMillis = invocation.input().path("pauseMillis").asInt(0);
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return out;
    }

    private JsonNode fail(dev.weft.connector.Call invocation) throws ConnectorException {
        int times = invocation.input().path("times").asInt(Integer.MAX_VALUE);
        int n = failures.computeIfAbsent(invocation.idempotencyKey(), k -> new AtomicInteger())
                .incrementAndGet();
        if (n <= times) {
            ObjectNode details = JSON.objectNode().put("call", n);
            if (invocation.input().has("status")) {
                details.put("status", invocation.input().get("status").asInt()); // as an HTTP connector reports it
            }
            if (invocation.input().has("retryAfterSeconds")) { // as a vendor's 429 with Retry-After
                throw ConnectorException.rateLimited("test.rate_limited", "rate limited on call " + n,
                        java.time.Duration.ofSeconds(invocation.input().get("retryAfterSeconds").asLong()),
                        details);
            }
            if (invocation.input().path("permanent").asBoolean(false)) {
                throw ConnectorException.permanent("test.refused", "refused on call " + n, details, null);
            }
            throw ConnectorException.retryable("test.unavailable", "unavailable on call " + n, details, null);
        }
        return JSON.objectNode().put("succeededOnCall", n);
    }

    private JsonNode hold(dev.weft.connector.Call invocation) throws ConnectorException {
        holding.countDown();
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("test.interrupted", "interrupted while held", null, e);
        }
        return JSON.objectNode().put("released", true);
    }

    /** Waits until some call of {@code test.hold} is blocked. */
    public boolean awaitHolding(long seconds) throws InterruptedException {
        return holding.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets every held call, and every later one, return. */
    public void release() {
        hold.countDown();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** The most calls that were in progress at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }
}
