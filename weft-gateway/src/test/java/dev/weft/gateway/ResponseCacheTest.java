package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a system's response cache may answer: idempotent (safe to retry) is not cacheable (safe to answer
 * from memory). Run on a client of our own SPI that counts the calls reaching it.
 */
class ResponseCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CACHED = "{\"cache\": {\"ttl\": \"1h\", \"maxEntries\": 10}}";

    /** Counts calls; a call whose input has {@code "get": true} says it only reads. */
    static final class Counting implements SystemClient {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public JsonNode invoke(Call call) {
            return JSON.createObjectNode().put("n", calls.incrementAndGet());
        }

        @Override
        public boolean repeatable(Call call) {
            return cacheable(call);
        }

        @Override
        public boolean cacheable(Call call) {
            return call.input().path("get").asBoolean();
        }

        @Override
        public ConnectionTest test() {
            return ConnectionTest.ok("always");
        }

        @Override
        public void close() {
        }
    }

    private static OperationSpec op(String name, boolean idempotent, boolean readOnly) {
        return new OperationSpec(name, "an operation", JSON.createObjectNode().put("type", "object"),
                JSON.createObjectNode(), idempotent, readOnly, List.of());
    }

    private static Call call(String operation, String input) throws Exception {
        return new Call(operation, JSON.readTree(input), "k", Duration.ofSeconds(30), new Cancellation());
    }

    private static Pipeline pipeline(SystemClient client) throws Exception {
        return new Pipeline("sys", Policy.parse(JSON.readTree(CACHED)), Clock.systemUTC(), List.of(client),
                CallObserver.NONE, null);
    }

    @Test
    void aRepeatedIdempotentWriteReachesTheSystemEveryTime() throws Exception {
        Counting client = new Counting();
        Pipeline p = pipeline(client);
        OperationSpec set = op("t.set", true, false);
        p.call(set, call("t.set", "{\"key\": \"a\", \"value\": 1}"));
        p.call(set, call("t.set", "{\"key\": \"a\", \"value\": 1}"));
        assertThat(client.calls.get()).isEqualTo(2);
        assertThat(p.view().at("/cache/entries").asLong()).isZero();
    }

    @Test
    void aRepeatedReadOnlyCallIsAnsweredFromTheCache() throws Exception {
        Counting client = new Counting();
        Pipeline p = pipeline(client);
        OperationSpec get = op("t.get", true, true);
        JsonNode first = p.call(get, call("t.get", "{\"key\": \"a\"}"));
        assertThat(p.call(get, call("t.get", "{\"key\": \"a\"}"))).isEqualTo(first);
        assertThat(client.calls.get()).isEqualTo(1);
    }

    @Test
    void aCallItsClientCallsCacheableIsCachedAlthoughItsOperationIsNotReadOnly() throws Exception {
        Counting client = new Counting();
        Pipeline p = pipeline(client);
        OperationSpec request = op("t.request", false, false);
        p.call(request, call("t.request", "{\"get\": true, \"url\": \"/a\"}"));
        p.call(request, call("t.request", "{\"get\": true, \"url\": \"/a\"}"));
        p.call(request, call("t.request", "{\"get\": false, \"url\": \"/a\"}"));
        p.call(request, call("t.request", "{\"get\": false, \"url\": \"/a\"}"));
        assertThat(client.calls.get()).isEqualTo(3);
    }

    @Test
    void anOperationDeclaredReadOnlyButNotIdempotentIsRefused() {
        assertThatThrownBy(() -> op("t.odd", false, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t.odd").hasMessageContaining("declare it idempotent too");
    }
}
