package dev.weft.connector.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code rabbitmq.publish} and {@code rabbitmq.declare_queue} against the RabbitMQ on this machine. */
class RabbitMqPublishIT {
    @RegisterExtension
    static final RequiredService RABBITMQ = Broker.RABBITMQ;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANARY = "canary-password-5e1d7c93b2";

    private final RabbitMqConnector rabbitmq = new RabbitMqConnector();
    private Broker broker;
    private SystemClient client;

    @BeforeEach
    void open() throws Exception {
        broker = new Broker();
        client = rabbitmq.open(Broker.system("publish-it"));
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        broker.close();
    }

    private static Call call(String operation, String input, String key) throws IOException {
        return new Call(operation, JSON.readTree(input), key, Duration.ofSeconds(10), new Cancellation());
    }

    private JsonNode publish(String input, String key) throws Exception {
        return client.invoke(call("rabbitmq.publish", input, key));
    }

    @Test
    void aConfirmedMessageCarriesTheIdempotencyKeyAndCanBeReadBack() throws Exception {
        String queue = broker.queue("publish", null);

        JsonNode out = publish(
                "{\"routingKey\": \"" + queue + "\", \"body\": {\"orderId\": 42, \"items\": [1, 2]},"
                        + " \"headers\": {\"source\": \"shop\", \"attempt\": 3, \"urgent\": true}}",
                "exec-1/step-a");

        assertThat(out).isEqualTo(JSON.readTree("{\"confirmed\": true, \"messageId\": \"exec-1/step-a\"}"));
        GetResponse got = broker.take(queue);
        assertThat(got).as("the confirmed message is in the queue").isNotNull();
        assertThat(JSON.readTree(got.getBody()))
                .isEqualTo(JSON.readTree("{\"orderId\": 42, \"items\": [1, 2]}"));
        assertThat(got.getProps().getContentType()).isEqualTo("application/json");
        assertThat(got.getProps().getMessageId()).isEqualTo("exec-1/step-a");
        assertThat(got.getProps().getDeliveryMode()).as("persistent by default").isEqualTo(2);
        assertThat(got.getProps().getTimestamp()).isNotNull();
        assertThat(AmqpValues.json(got.getProps().getHeaders()))
                .isEqualTo(JSON.readTree("{\"attempt\": 3, \"source\": \"shop\", \"urgent\": true}"));
    }

    @Test
    void aTracedCallCarriesItsTraceparentHeader() throws Exception {
        String queue = broker.queue("traced", null);
        dev.weft.connector.TraceContext trace = dev.weft.connector.TraceContext
                .forExecution("0193a5a0-7a2b-7c3d-8e4f-5a6b7c8d9e0f");
        client.invoke(new Call("rabbitmq.publish",
                JSON.readTree("{\"routingKey\": \"" + queue + "\", \"body\": 1,"
                        + " \"headers\": {\"source\": \"shop\"}}"),
                "exec-3/step", Duration.ofSeconds(10), new Cancellation(),
                trace));
        GetResponse got = broker.take(queue);
        assertThat(AmqpValues.json(got.getProps().getHeaders())).isEqualTo(JSON.readTree(
                "{\"source\": \"shop\", \"traceparent\": \"" + trace.traceparent() + "\"}"));
    }

    @Test
    void aStringWithAContentTypeIsSentAsItIsAndOtherValuesAsJson() throws Exception {
        String queue = broker.queue("publish-text", null);

        publish("{\"routingKey\": \"" + queue + "\", \"body\": \"sku,qty\\nA-1,3\\n\", \"contentType\":"
                + " \"text/csv\", \"persistent\": false}", "k1");
        publish("{\"routingKey\": \"" + queue + "\", \"body\": \"just text\"}", "k2");

        GetResponse csv = broker.take(queue);
        assertThat(new String(csv.getBody(), StandardCharsets.UTF_8)).isEqualTo("sku,qty\nA-1,3\n");
        assertThat(csv.getProps().getContentType()).isEqualTo("text/csv");
        assertThat(csv.getProps().getDeliveryMode()).isEqualTo(1);
        GetResponse json = broker.take(queue);
        assertThat(new String(json.getBody(), StandardCharsets.UTF_8)).isEqualTo("\"just text\"");
        assertThat(json.getProps().getContentType()).isEqualTo("application/json");
    }

    @Test
    void aMandatoryMessageNoQueueIsBoundForIsAPermanentError() throws Exception {
        String nowhere = Broker.unique("unbound");

        assertThatThrownBy(
                () -> publish("{\"routingKey\": \"" + nowhere + "\", \"body\": 1, \"mandatory\": true}",
                        "k"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("rabbitmq.unroutable");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains(nowhere).contains("NO_ROUTE");
                });
        // without mandatory the broker confirms and drops it, as AMQP says
        assertThat(publish("{\"routingKey\": \"" + nowhere + "\", \"body\": 1}", "k").get("confirmed")
                .booleanValue())
                .isTrue();
    }

    @Test
    void aMessageTheBrokerNacksIsARetryableError() throws Exception {
        // a full queue that refuses new messages makes the broker nack them
        String full = broker.queue("full", Map.of("x-max-length", 0, "x-overflow", "reject-publish"));

        assertThatThrownBy(() -> publish("{\"routingKey\": \"" + full + "\", \"body\": 1}", "k"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("rabbitmq.nack");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains(full).contains("nack");
                });
    }

    @Test
    void anUnknownExchangeIsAPermanentErrorAndTheNextCallStillWorks() throws Exception {
        String missing = Broker.unique("no-exchange");
        String queue = broker.queue("after-error", null);

        assertThatThrownBy(
                () -> publish("{\"exchange\": \"" + missing + "\", \"routingKey\": \"x\", \"body\": 1}",
                        "k"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("rabbitmq.not_found");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("exchange '" + missing + "'").contains("NOT_FOUND");
                });
        publish("{\"routingKey\": \"" + queue + "\", \"body\": 2}", "k2");
        assertThat(broker.take(queue)).isNotNull();
    }

    @Test
    void aCancelledCallPublishesNothing() throws Exception {
        String queue = broker.queue("cancelled", null);
        Cancellation cancellation = new Cancellation();
        cancellation.cancel("the execution was cancelled");

        assertThatThrownBy(() -> client.invoke(new Call("rabbitmq.publish",
                JSON.readTree("{\"routingKey\": \"" + queue + "\", \"body\": 1}"), "k",
                Duration.ofSeconds(10),
                cancellation))).isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("rabbitmq.cancelled");
                    assertThat(e.getMessage()).contains("the execution was cancelled");
                });
        publish("{\"routingKey\": \"" + queue + "\", \"body\": 2}", "k2");
        assertThat(broker.take(queue).getBody()).asString(StandardCharsets.UTF_8).isEqualTo("2");
        assertThat(broker.take(queue)).isNull();
    }

    @Test
    void declaringAQueueAgainChangesNothingAndOtherSettingsAreRefused() throws Exception {
        String queue = Broker.unique("declared");
        broker.deleteOnClose(queue);
        String input = "{\"queue\": \"" + queue + "\", \"arguments\": {\"x-message-ttl\": 60000,"
                + " \"x-dead-letter-exchange\": \"elsewhere\"}}";

        JsonNode first = client.invoke(call("rabbitmq.declare_queue", input, "k"));
        publish("{\"routingKey\": \"" + queue + "\", \"body\": 1}", "k"); // confirmed: in the queue now
        JsonNode again = client.invoke(call("rabbitmq.declare_queue", input, "k"));

        assertThat(first).isEqualTo(JSON.readTree("{\"queue\": \"" + queue
                + "\", \"messageCount\": 0, \"consumerCount\": 0}"));
        assertThat(again.get("messageCount").intValue()).isEqualTo(1);
        assertThatThrownBy(() -> client.invoke(call("rabbitmq.declare_queue", "{\"queue\": \"" + queue
                + "\", \"durable\": false}", "k"))).isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("rabbitmq.precondition");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("PRECONDITION_FAILED");
                });
    }

    @Test
    void invalidInputIsPermanentAndNamesTheField() {
        List<String[]> cases = List.of(
                new String[]{"rabbitmq.publish", "{\"body\": 1}", "'routingKey'"},
                new String[]{"rabbitmq.publish", "{\"routingKey\": \"q\"}", "'body'"},
                new String[]{"rabbitmq.publish", "{\"routingKey\": \"q\", \"body\": 1, \"priority\": 5}",
                        "'priority'"},
                new String[]{"rabbitmq.publish",
                        "{\"routingKey\": \"q\", \"body\": 1, \"headers\": {\"h\": null}}",
                        "'headers.h'"},
                new String[]{"rabbitmq.publish",
                        "{\"routingKey\": \"q\", \"body\": 1, \"mandatory\": \"yes\"}",
                        "'mandatory'"},
                new String[]{"rabbitmq.publish", "{\"routingKey\": \"" + "k".repeat(256) + "\", \"body\": 1}",
                        "'routingKey'"},
                new String[]{"rabbitmq.declare_queue", "{}", "'queue'"},
                new String[]{"rabbitmq.declare_queue", "{\"queue\": \"amq.mine\"}", "'queue'"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> client.invoke(call(c[0], c[1], "k"))).as(c[1])
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("rabbitmq.input");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains(c[2]);
                    });
        }
    }

    @Test
    void aWrongPasswordIsReportedWithoutShowingIt() throws Exception {
        try (SystemClient wrong = rabbitmq
                .open(Broker.system("wrong", new Credential.Basic("guest", CANARY)))) {
            ConnectionTest verdict = wrong.test();
            assertThat(verdict.ok()).isFalse();
            assertThat(verdict.message()).contains("authentication failed for user 'guest'")
                    .doesNotContain(CANARY);
            assertThatThrownBy(
                    () -> wrong.invoke(call("rabbitmq.publish", "{\"routingKey\": \"q\", \"body\": 1}",
                            "k")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("rabbitmq.auth");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage() + e.details()).doesNotContain(CANARY);
                    });
        }
    }

    @Test
    void theConnectionTestNamesTheBrokerAndUser() {
        ConnectionTest verdict = client.test();
        assertThat(verdict.ok()).as(verdict.message()).isTrue();
        assertThat(verdict.message()).startsWith("connected to RabbitMQ ").contains("127.0.0.1:5672")
                .endsWith("as guest");
    }

    @Test
    void anUnreachableBrokerIsRetryable() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        TestSystem nowhere = Broker.system("down").withConfig(
                JSON.readTree("{\"host\": \"127.0.0.1\", \"port\": " + closed + "}"));
        try (SystemClient down = rabbitmq.open(nowhere)) {
            assertThatThrownBy(
                    () -> down.invoke(call("rabbitmq.publish", "{\"routingKey\": \"q\", \"body\": 1}",
                            "k")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("rabbitmq.unreachable");
                        assertThat(e.retryable()).isTrue();
                    });
            assertThat(down.test().ok()).isFalse();
        }
    }

    @Test
    void aSystemWithoutABasicCredentialOrHostIsRefusedWhenOpened() throws Exception {
        assertThatThrownBy(() -> rabbitmq.open(TestSystem.named("none")
                .withConfig(JSON.readTree("{\"host\": \"127.0.0.1\"}"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("rabbitmq.credential");
                    assertThat(e.getMessage()).contains("basic credential");
                });
        assertThatThrownBy(
                () -> rabbitmq.open(Broker.system("bearer", new Credential.Bearer("token-value-123"))))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("bearer").doesNotContain("token-value-123"));
        assertThatThrownBy(() -> rabbitmq.open(Broker.system("no-host").withConfig(JSON.readTree("{}"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("rabbitmq.config");
                    assertThat(e.getMessage()).contains("'host'");
                });
    }
}
