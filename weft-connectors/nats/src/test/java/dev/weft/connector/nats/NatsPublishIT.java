package dev.weft.connector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code nats.publish} and {@code nats.ensure_stream} against the local NATS server. */
class NatsPublishIT {
    @RegisterExtension
    static final RequiredService NATS = JetStreamServer.NATS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JetStreamServer server;
    private SystemClient client;
    private String stream;
    private String subject;

    @BeforeEach
    void setUp() throws Exception {
        server = new JetStreamServer();
        stream = JetStreamServer.unique("PUBLISH");
        subject = stream.toLowerCase(Locale.ROOT);
        server.stream(stream, subject + ".>");
        client = new NatsConnector().open(JetStreamServer.system("publish"));
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.close();
    }

    private static Call call(String operation, String input, String key) throws Exception {
        return new Call(operation, JSON.readTree(input), key, Duration.ofSeconds(10), new Cancellation());
    }

    @Test
    void theSameIdempotencyKeyTwiceStoresOneMessageAndSaysTheSecondIsADuplicate() throws Exception {
        String input = "{\"subject\": \"" + subject + ".orders\", \"data\": {\"orderId\": 7}}";
        JsonNode first = client.invoke(call("nats.publish", input, "exec-1/step"));
        JsonNode second = client.invoke(call("nats.publish", input, "exec-1/step"));
        JsonNode other = client.invoke(call("nats.publish", input, "exec-2/step"));

        assertThat(first.get("stream").asText()).isEqualTo(stream);
        assertThat(first.get("duplicate").asBoolean()).isFalse();
        assertThat(second.get("duplicate").asBoolean()).isTrue();
        assertThat(second.get("seq").asLong()).isEqualTo(first.get("seq").asLong());
        assertThat(other.get("duplicate").asBoolean()).isFalse();
        assertThat(server.messages(stream)).isEqualTo(2);
    }

    @Test
    void aTracedCallCarriesItsTraceparentHeader() throws Exception {
        dev.weft.connector.TraceContext trace = dev.weft.connector.TraceContext
                .forExecution("0193a5a0-7a2b-7c3d-8e4f-5a6b7c8d9e0f");
        JsonNode out = client.invoke(new Call("nats.publish", JSON.readTree("{\"subject\": \"" + subject
                + ".orders\", \"data\": 1}"), "exec-3/step", Duration.ofSeconds(10), new Cancellation(),
                trace));
        assertThat(server.message(stream, out.get("seq").asLong()).getHeaders().getFirst("traceparent"))
                .isEqualTo(trace.traceparent());
    }

    @Test
    void jsonDataIsStoredAsJsonTextWithItsHeadersAndTheIdempotencyKeyAsMessageId() throws Exception {
        JsonNode out = client.invoke(call("nats.publish", "{\"subject\": \"" + subject + ".orders\","
                + " \"data\": {\"orderId\": 42, \"items\": [1, 2]}, \"headers\": {\"source\": \"shop\","
                + " \"tag\": [\"a\", \"b\"]}}", "exec-9/notify"));

        MessageInfo stored = server.message(stream, out.get("seq").asLong());
        assertThat(JSON.readTree(stored.getData()))
                .isEqualTo(JSON.readTree("{\"orderId\": 42, \"items\": [1, 2]}"));
        assertThat(stored.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(stored.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("exec-9/notify");
        assertThat(stored.getHeaders().get("source")).containsExactly("shop");
        assertThat(stored.getHeaders().get("tag")).containsExactly("a", "b");
    }

    @Test
    void aStringWithAContentTypeIsSentAsItIs() throws Exception {
        JsonNode out = client.invoke(call("nats.publish", "{\"subject\": \"" + subject + ".csv\","
                + " \"data\": \"sku,qty\\nA-1,3\\n\", \"contentType\": \"text/csv\"}", "exec-3/csv"));

        MessageInfo stored = server.message(stream, out.get("seq").asLong());
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).isEqualTo("sku,qty\nA-1,3\n");
        assertThat(stored.getHeaders().getFirst("Content-Type")).isEqualTo("text/csv");
    }

    @Test
    void aSubjectNoStreamCapturesIsAPermanentError() throws Exception {
        assertThatThrownBy(() -> client.invoke(call("nats.publish", "{\"subject\": \""
                + JetStreamServer.unique("nowhere") + "\", \"data\": 1}", "k")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("nats.no_stream");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("nats.ensure_stream");
                });
    }

    @Test
    void ensuringAStreamTwiceCreatesItOnceAndOtherSettingsAreRefused() throws Exception {
        String name = JetStreamServer.unique("ENSURE");
        server.deleteLater(name);
        String input = "{\"name\": \"" + name + "\", \"subjects\": [\"" + name.toLowerCase(Locale.ROOT)
                + ".>\"], \"storage\": \"memory\", \"duplicateWindow\": 60000}";

        JsonNode first = client.invoke(call("nats.ensure_stream", input, "a"));
        JsonNode again = client.invoke(call("nats.ensure_stream", input, "b"));

        assertThat(first.get("created").asBoolean()).isTrue();
        assertThat(again.get("created").asBoolean()).isFalse();
        assertThat(server.management().getStreamInfo(name).getConfiguration().getDuplicateWindow())
                .isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> client.invoke(call("nats.ensure_stream", "{\"name\": \"" + name
                + "\", \"subjects\": [\"other.>\"], \"storage\": \"memory\", \"duplicateWindow\": 60000}",
                "c")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("nats.stream_mismatch");
                    assertThat(e.getMessage()).contains("subjects");
                });
    }

    @Test
    void theConnectionTestNamesTheServerAndJetStream() {
        ConnectionTest verdict = client.test();

        assertThat(verdict.ok()).as(verdict.message()).isTrue();
        assertThat(verdict.message()).contains("connected to NATS").contains("JetStream")
                .doesNotContain(JetStreamServer.CANARY_TOKEN);
    }

    @Test
    void anUnreachableServerIsARetryableErrorAndAFailedConnectionTest() throws Exception {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.putArray("servers").add("nats://127.0.0.1:1");
        config.put("connectionTimeout", 2000);
        try (SystemClient nowhere = new NatsConnector()
                .open(TestSystem.named("nowhere").withConfig(config))) {
            assertThatThrownBy(
                    () -> nowhere.invoke(call("nats.publish", "{\"subject\": \"a.b\", \"data\": 1}",
                            "k")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("nats.unreachable");
                        assertThat(e.retryable()).isTrue();
                    });
            ConnectionTest verdict = nowhere.test();
            assertThat(verdict.ok()).isFalse();
            assertThat(verdict.message()).contains("nats://127.0.0.1:1").contains("config.servers");
        }
    }

    @Test
    void aServerUrlWithAPasswordInItIsRefusedWithoutRepeatingIt() {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.putArray("servers").add("nats://weft:hunter2-secret@127.0.0.1:4222");

        assertThatThrownBy(() -> new NatsConnector().open(TestSystem.named("leaky").withConfig(config)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("nats.config");
                    assertThat(e.getMessage()).contains("credential").doesNotContain("hunter2-secret");
                });
    }

    @Test
    void aSystemWithoutServersIsToldToNameThem() {
        assertThatThrownBy(() -> new NatsConnector().open(TestSystem.named("empty")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("nats.config");
                    assertThat(e.getMessage()).contains("servers");
                });
    }

    @Test
    void aCallCancelledBeforeItStartsPublishesNothing() throws Exception {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel("the execution was cancelled");
        Call call = new Call("nats.publish",
                JSON.readTree("{\"subject\": \"" + subject + ".x\", \"data\": 1}"),
                "cancelled", Duration.ofSeconds(10), cancellation);

        assertThatThrownBy(() -> client.invoke(call)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("nats.cancelled");
            assertThat(e.getMessage()).contains("the execution was cancelled");
        });
        assertThat(server.messages(stream)).isZero();
    }
}
