package dev.weft.connector.redis;

import static dev.weft.connector.redis.LocalRedis.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.services.RequiredService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** The operations against the local Redis, checked with a connection of the test's own. */
class RedisConnectorIT {
    @RegisterExtension
    static final RequiredService REDIS = LocalRedis.REDIS;
    private static final String P = LocalRedis.uniquePrefix("ops");
    private static SystemClient client;
    private static Jedis redis;

    @BeforeAll
    static void open() throws ConnectorException {
        client = new RedisConnector().open(LocalRedis.system("ops"));
        redis = LocalRedis.direct();
    }

    @AfterAll
    static void close() {
        LocalRedis.deleteAll(P);
        if (client != null) {
            client.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static JsonNode invoke(String operation, String input) throws ConnectorException {
        return client.invoke(call(operation, input));
    }

    @Test
    void getOfAMissingKeyIsNullAndDoesNotExist() throws ConnectorException {
        assertThat(invoke("redis.get", "{\"key\": \"" + P + "nothing\"}"))
                .isEqualTo(LocalRedis.json("{\"value\": null, \"exists\": false}"));
    }

    @Test
    void setStoresAStringAsItIsAndOtherJsonAsItsText() throws ConnectorException {
        assertThat(invoke("redis.set", "{\"key\": \"" + P + "s\", \"value\": \"plain text\"}").get("set")
                .booleanValue()).isTrue();
        invoke("redis.set", "{\"key\": \"" + P + "j\", \"value\": {\"name\": \"Ada\", \"n\": [1, 2]}}");
        invoke("redis.set", "{\"key\": \"" + P + "n\", \"value\": 42}");

        assertThat(redis.get(P + "s")).isEqualTo("plain text");
        assertThat(redis.get(P + "j")).isEqualTo("{\"name\":\"Ada\",\"n\":[1,2]}");
        assertThat(invoke("redis.get", "{\"key\": \"" + P + "n\"}"))
                .isEqualTo(LocalRedis.json("{\"value\": \"42\", \"exists\": true}"));
    }

    @Test
    void setWithATtlMakesTheKeyExpireWithinIt() throws ConnectorException {
        invoke("redis.set", "{\"key\": \"" + P + "ttl\", \"value\": \"v\", \"ttl\": 50000}");

        assertThat(redis.pttl(P + "ttl")).isPositive().isLessThanOrEqualTo(50_000);
    }

    @Test
    void aShortTtlReallyExpiresTheKey() throws ConnectorException {
        invoke("redis.set", "{\"key\": \"" + P + "short\", \"value\": \"v\", \"ttl\": 1}");

        LocalRedis.await("the key with a 1 ms time to live to expire", () -> !redis.exists(P + "short"));
        assertThat(invoke("redis.get", "{\"key\": \"" + P + "short\"}").get("exists").booleanValue())
                .isFalse();
    }

    @Test
    void setWithoutTtlRemovesAnEarlierTtl() throws ConnectorException {
        redis.psetex(P + "keep", 50_000, "old");

        invoke("redis.set", "{\"key\": \"" + P + "keep\", \"value\": \"new\"}");

        assertThat(redis.pttl(P + "keep")).isEqualTo(-1);
    }

    @Test
    void ifAbsentWritesOnlyAKeyThatDoesNotExist() throws ConnectorException {
        String input = "{\"key\": \"" + P + "nx\", \"value\": \"%s\", \"ifAbsent\": true}";
        assertThat(invoke("redis.set", input.formatted("first")).get("set").booleanValue()).isTrue();
        assertThat(invoke("redis.set", input.formatted("second")).get("set").booleanValue()).isFalse();
        assertThat(redis.get(P + "nx")).isEqualTo("first");
    }

    @Test
    void ifPresentWritesOnlyAKeyThatExists() throws ConnectorException {
        String input = "{\"key\": \"" + P + "xx\", \"value\": \"%s\", \"ifPresent\": true}";
        assertThat(invoke("redis.set", input.formatted("first")).get("set").booleanValue()).isFalse();
        assertThat(redis.exists(P + "xx")).isFalse();
        redis.set(P + "xx", "there");
        assertThat(invoke("redis.set", input.formatted("second")).get("set").booleanValue()).isTrue();
        assertThat(redis.get(P + "xx")).isEqualTo("second");
    }

    @Test
    void ifAbsentAndIfPresentTogetherAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> invoke("redis.set",
                "{\"key\": \"" + P + "both\", \"value\": \"v\", \"ifAbsent\": true, \"ifPresent\": true}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.input");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("ifAbsent", "ifPresent");
                });
        assertThat(redis.exists(P + "both")).isFalse();
    }

    @Test
    void delCountsTheKeysThatExisted() throws ConnectorException {
        redis.set(P + "d1", "x");
        redis.hset(P + "d2", "f", "x");

        assertThat(invoke("redis.del", "{\"keys\": [\"" + P + "d1\", \"" + P + "d2\", \"" + P + "d3\"]}")
                .get("deleted").longValue()).isEqualTo(2);
        assertThat(redis.exists(P + "d1", P + "d2")).isZero();
    }

    @Test
    void expireSetsTheTtlOfAnExistingKeyOnly() throws ConnectorException {
        redis.set(P + "e", "x");

        assertThat(
                invoke("redis.expire", "{\"key\": \"" + P + "e\", \"ttl\": 40000}").get("set").booleanValue())
                .isTrue();
        assertThat(redis.pttl(P + "e")).isPositive().isLessThanOrEqualTo(40_000);
        assertThat(invoke("redis.expire", "{\"key\": \"" + P + "none\", \"ttl\": 40000}").get("set")
                .booleanValue()).isFalse();
    }

    @Test
    void incrAddsAndCreatesAtZero() throws ConnectorException {
        assertThat(invoke("redis.incr", "{\"key\": \"" + P + "c\"}").get("value").longValue()).isEqualTo(1);
        assertThat(invoke("redis.incr", "{\"key\": \"" + P + "c\", \"by\": -5}").get("value").longValue())
                .isEqualTo(-4);
    }

    @Test
    void incrOfTextIsAPermanentCommandError() {
        redis.set(P + "word", "hello");

        assertThatThrownBy(() -> invoke("redis.incr", "{\"key\": \"" + P + "word\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.command");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("not an integer");
                });
    }

    @Test
    void hashesAreWrittenReadAndTrimmedFieldByField() throws ConnectorException {
        String key = "\"key\": \"" + P + "h\"";
        assertThat(invoke("redis.hset", "{" + key + ", \"fields\": {\"name\": \"Ada\", \"age\": 36}}")
                .get("added").longValue()).isEqualTo(2);
        assertThat(invoke("redis.hset", "{" + key + ", \"fields\": {\"name\": \"Ada\", \"vip\": true}}")
                .get("added").longValue()).isEqualTo(1);

        assertThat(invoke("redis.hget", "{" + key + ", \"field\": \"age\"}"))
                .isEqualTo(LocalRedis.json("{\"value\": \"36\", \"exists\": true}"));
        assertThat(invoke("redis.hget", "{" + key + ", \"field\": \"nope\"}"))
                .isEqualTo(LocalRedis.json("{\"value\": null, \"exists\": false}"));
        assertThat(invoke("redis.hgetall", "{" + key + "}")).isEqualTo(LocalRedis.json(
                "{\"fields\": {\"age\": \"36\", \"name\": \"Ada\", \"vip\": \"true\"}, \"exists\": true}"));
        assertThat(invoke("redis.hdel", "{" + key + ", \"fields\": [\"age\", \"nope\"]}").get("deleted")
                .longValue()).isEqualTo(1);
        assertThat(redis.hgetAll(P + "h")).isEqualTo(Map.of("name", "Ada", "vip", "true"));
    }

    @Test
    void hgetallOfAMissingKeyDoesNotExist() throws ConnectorException {
        assertThat(invoke("redis.hgetall", "{\"key\": \"" + P + "no-hash\"}"))
                .isEqualTo(LocalRedis.json("{\"fields\": {}, \"exists\": false}"));
    }

    @Test
    void readingAKeyOfAnotherTypeIsAPermanentWrongTypeError() {
        redis.hset(P + "typed", "f", "v");

        assertThatThrownBy(() -> invoke("redis.get", "{\"key\": \"" + P + "typed\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.wrong_type");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void xaddAppendsAnEntryAndReturnsItsId() throws ConnectorException {
        String id = invoke("redis.xadd", "{\"stream\": \"" + P + "x\", \"fields\": {\"type\": \"created\","
                + " \"order\": {\"id\": 7}}}").get("id").textValue();

        List<StreamEntry> entries = redis.xrange(P + "x", (StreamEntryID) null, null);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.getID().toString()).isEqualTo(id);
            assertThat(e.getFields()).isEqualTo(Map.of("type", "created", "order", "{\"id\":7}"));
        });
    }

    @Test
    void xaddTakesAnExplicitIdAndRefusesOneNotAfterTheLast() throws ConnectorException {
        String stream = "\"stream\": \"" + P + "xi\", \"fields\": {\"a\": \"b\"}";
        assertThat(invoke("redis.xadd", "{" + stream + ", \"id\": \"5-1\"}").get("id").textValue())
                .isEqualTo("5-1");

        assertThatThrownBy(() -> invoke("redis.xadd", "{" + stream + ", \"id\": \"5-1\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.command");
                    assertThat(e.getMessage()).contains("equal or smaller");
                });
    }

    @Test
    void xaddWithMaxLenTrimsTheStreamApproximately() throws ConnectorException {
        for (int i = 0; i < 250; i++) {
            redis.xadd(P + "trim", StreamEntryID.NEW_ENTRY, Map.of("n", Integer.toString(i)));
        }

        invoke("redis.xadd",
                "{\"stream\": \"" + P + "trim\", \"fields\": {\"n\": \"last\"}, \"maxLen\": 10}");

        // "~" trims whole nodes of the stream's radix tree only, so more than 10 may stay, never fewer.
        assertThat(redis.xlen(P + "trim")).isBetween(10L, 250L);
    }

    @Test
    void xaddWritesTheIdempotencyKeyIntoTheNamedField() throws ConnectorException {
        var call = call("redis.xadd",
                LocalRedis.json("{\"stream\": \"" + P + "idem\", \"fields\": {\"a\": \"b\"},"
                        + " \"idempotencyField\": \"weft-key\"}"),
                Duration.ofSeconds(5), new Cancellation());

        client.invoke(call);

        assertThat(redis.xrange(P + "idem", (StreamEntryID) null, null)).singleElement()
                .satisfies(e -> assertThat(e.getFields()).containsEntry("weft-key", call.idempotencyKey()));
    }

    @Test
    void aCancelledCallSendsNothing() {
        Cancellation cancelled = new Cancellation();
        cancelled.cancel("the execution was cancelled");

        assertThatThrownBy(() -> client.invoke(call("redis.set",
                LocalRedis.json("{\"key\": \"" + P + "cancelled\", \"value\": \"v\"}"), Duration.ofSeconds(5),
                cancelled)))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("redis.cancelled"));
        assertThat(redis.exists(P + "cancelled")).isFalse();
    }

    @Test
    void anUnknownOperationIsAPermanentError() {
        assertThatThrownBy(() -> invoke("redis.flushall", "{}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.operation");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void aServerThatNeverAnswersTimesOutRetryably() throws IOException, ConnectorException {
        // A socket that accepts and stays silent: the call ends with its own timeout, not a hang.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SystemClient slow = new RedisConnector().open(LocalRedis.system("silent")
                        .withConfig(LocalRedis.config().put("port", silent.getLocalPort()).put("timeout",
                                300)))) {
            assertThatThrownBy(() -> slow.invoke(call("redis.get", "{\"key\": \"k\"}")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("redis.timeout");
                        assertThat(e.retryable()).isTrue();
                    });
        }
    }

    @Test
    void nothingListeningIsRetryableAndTheConnectionTestSaysSo() throws IOException, ConnectorException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (SystemClient down = new RedisConnector().open(LocalRedis.system("down")
                .withConfig(LocalRedis.config().put("port", port)))) {
            assertThatThrownBy(() -> down.invoke(call("redis.get", "{\"key\": \"k\"}")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("redis.unreachable");
                        assertThat(e.retryable()).isTrue();
                    });
            assertThat(down.test().ok()).isFalse();
            assertThat(down.test().message()).contains("cannot reach Redis at 127.0.0.1:" + port);
        }
    }

    @Test
    void theConnectionTestNamesTheServerVersionAndTheUser() {
        assertThat(client.test()).satisfies(verdict -> {
            assertThat(verdict.ok()).isTrue();
            assertThat(verdict.message()).matches("connected to Redis \\d+\\.\\d+.* at 127\\.0\\.0\\.1:6379"
                    + " database 0 as default");
        });
    }

    @Test
    void aSystemWithoutHostCannotBeOpened() {
        assertThatThrownBy(() -> new RedisConnector().open(LocalRedis.system("nohost")
                .withConfig(LocalRedis.json("{\"port\": 6379}"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.config");
                    assertThat(e.getMessage()).contains("config.host");
                });
    }
}
