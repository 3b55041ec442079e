package dev.weft.connector.redis;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import dev.weft.testkit.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis server the tests use (127.0.0.1:6379, no password), a unique key prefix per test class so
 * that parallel runs do not collide, and the clean-up that deletes every key under it.
 */
final class LocalRedis {
    static final String HOST = "127.0.0.1";
    static final int PORT = 6379;
    static final RequiredService REDIS = RequiredService.of("Redis at " + HOST + ":" + PORT,
            "start a Redis server without a password on that port (redis-server --port 6379)", () -> {
                try (Jedis jedis = new Jedis(HOST, PORT, 2_000)) {
                    jedis.ping();
                }
            });
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private LocalRedis() {
    }

    /** A prefix no other run uses, ending in ':'. */
    static String uniquePrefix(String what) {
        return "weft-it:" + what + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    static ObjectNode config() {
        return JsonNodeFactory.instance.objectNode().put("host", HOST).put("port", PORT);
    }

    /** A system on the local Redis without a credential. */
    static TestSystem system(String id) {
        return TestSystem.named(id).withConfig(config());
    }

    /** A connection of the test's own, to look at what the connector did. */
    static Jedis direct() {
        return new Jedis(HOST, PORT, 5_000);
    }

    /** Deletes every key starting with {@code prefix}. */
    static void deleteAll(String prefix) {
        try (Jedis jedis = direct()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(prefix + "*").count(500));
                List<String> keys = page.getResult();
                if (!keys.isEmpty()) {
                    jedis.del(keys.toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }

    static Call call(String operation, String inputJson) {
        return call(operation, json(inputJson), Duration.ofSeconds(10), new Cancellation());
    }

    static Call call(String operation, JsonNode input, Duration timeout, Cancellation cancellation) {
        return new Call(operation, input, "it:" + UUID.randomUUID(), timeout, cancellation);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code latch} is open, failing with {@code what} when it does not open in good time. */
    static void await(String what, CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("waited in vain for: " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for: " + what);
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} when it does not in good time. */
    static void await(String what, BooleanSupplier condition) {
        try {
            Eventually.until(what, PATIENCE, condition::getAsBoolean);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(what, e); // a BooleanSupplier throws nothing checked
        }
    }
}
