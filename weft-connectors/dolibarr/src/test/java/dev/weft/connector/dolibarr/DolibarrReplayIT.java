package dev.weft.connector.dolibarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dolibarr's own ways, as its source documents them, met by the connector on the replay of its API. */
class DolibarrReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer server;
    private TestSystem system;

    @BeforeEach
    void start() throws Exception {
        server = DolibarrReplay.start();
        system = DolibarrReplay.system(server, DolibarrReplay.KEY);
    }

    @AfterEach
    void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
    }

    private JsonNode call(TestSystem on, String operation, String input) throws Exception {
        try (SystemClient client = new DolibarrConnector().open(on)) {
            return client.invoke(
                    new Call(operation, JSON.readTree(input), "k-" + operation, Duration.ofSeconds(10),
                            new Cancellation()));
        }
    }

    @Test
    void anEmptyPageOfThirdPartiesIsAnEmptyListThoughDolibarrAnswers404() throws Exception {
        assertThat(call(system, "dolibarr.list_thirdparties", "{\"mode\": 4}").get("items")).isEmpty();
        assertThat(call(system, "dolibarr.list_products", "{\"mode\": 2, \"limit\": 20}").get("items"))
                .isEmpty();
        assertThatThrownBy(() -> call(system, "dolibarr.get_thirdparty", "{\"id\": 999}"))
                .as("one record that is not there is still an error")
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("dolibarr.not_found");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("Thirdparty not found");
                });
    }

    @Test
    void createsAnswerTheNewIdAndAValidatedInvoiceIsValidatedAgainWithoutHarm() throws Exception {
        assertThat(call(system, "dolibarr.create_invoice",
                "{\"invoice\": {\"socid\": 12, \"lines\": [{\"desc\":"
                        + " \"Support hour\", \"subprice\": 90, \"qty\": 2, \"tva_tx\": 20, \"product_type\": 1}]}}")
                .get("id").asLong()).isEqualTo(7);
        assertThat(call(system, "dolibarr.validate_invoice", "{\"id\": 7}").get("ref").asText())
                .isEqualTo("FA2612-0007");
        // A retried validation: Dolibarr says 304 (nothing done); the step gets the invoice as it is.
        JsonNode again = call(system, "dolibarr.validate_invoice", "{\"id\": 8}");
        assertThat(again.get("ref").asText()).isEqualTo("FA2612-0008");
        assertThat(server.received()).extracting(ReplayServer.Received::exchange).contains(
                "validate an invoice validated already: 304, nothing done",
                "get invoice 8 (validated already)");
        assertThat(call(system, "dolibarr.pay_invoice",
                "{\"id\": 7, \"datepaye\": \"2026-12-06\", \"paymentid\": 2,"
                        + " \"accountid\": 1}")
                .get("id").asLong()).isEqualTo(5);
        assertThat(
                call(system, "dolibarr.create_invoice_from_order", "{\"orderId\": 31}").get("socid").asText())
                .isEqualTo("12");
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void theTriggerTakesEachChangeOnceOldestFirstAcrossPolls() throws Exception {
        try (SystemClient client = new DolibarrConnector().open(system)) {
            dev.weft.connector.PollResult first = client
                    .poll(new dev.weft.connector.PollRequest("dolibarr.changed",
                            JSON.readTree("{\"resource\": \"invoices\", \"since\": \"2026-12-06 09:00:00\"}"),
                            null, 2));
            assertThat(first.events()).extracting(dev.weft.connector.Event::id)
                    .containsExactly("invoices:7:1796551200", "invoices:8:1796554800");
            assertThat(first.more()).as("a full page").isTrue();
            assertThat(first.events().get(0).data().at("/record/ref").asText()).isEqualTo("FA2612-0007");

            dev.weft.connector.PollResult second = client.poll(new dev.weft.connector.PollRequest(
                    "dolibarr.changed",
                    JSON.readTree("{\"resource\": \"invoices\", \"since\": \"2026-12-06 09:00:00\"}"),
                    first.cursor(), 2));
            assertThat(second.events()).as("invoice 8 shares the cursor's second and was taken")
                    .extracting(dev.weft.connector.Event::id).containsExactly("invoices:9:1796558400");

            dev.weft.connector.PollResult third = client.poll(new dev.weft.connector.PollRequest(
                    "dolibarr.changed", JSON.readTree("{\"resource\": \"invoices\"}"), second.cursor(), 2));
            assertThat(third.events()).isEmpty();
            assertThat(third.more()).isFalse();
            assertThat(third.cursor())
                    .isEqualTo(((com.fasterxml.jackson.databind.node.ObjectNode) second.cursor().deepCopy())
                            .put("page", 0));
        }
        // Without since, the first poll starts at the time it runs; Dolibarr answers no third party 404.
        TestSystem at10 = system
                .withClock(java.time.Clock.fixed(java.time.Instant.parse("2026-12-06T10:00:00Z"),
                        java.time.ZoneOffset.UTC));
        try (SystemClient client = new DolibarrConnector().open(at10)) {
            dev.weft.connector.PollResult none = client
                    .poll(new dev.weft.connector.PollRequest("dolibarr.changed",
                            JSON.readTree("{\"resource\": \"thirdparties\"}"), null, 100));
            assertThat(none.events()).isEmpty();
            assertThat(none.cursor().get("since").asLong()).isEqualTo(1796551200L);
        }
        assertThatThrownBy(() -> new DolibarrConnector().open(system).poll(new dev.weft.connector.PollRequest(
                "dolibarr.changed",
                JSON.readTree("{\"resource\": \"invoices\", \"timezone\": \"Mars/Olympus\"}"),
                null, 2))).isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("timezone", "IANA"));
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void aDeleteOfAThirdPartyAlreadyGoneIsNoErrorSoThatACompensationCanBeRetried() throws Exception {
        assertThat(call(system, "dolibarr.delete_thirdparty", "{\"id\": 12}").toString())
                .isEqualTo("{\"id\":12,\"deleted\":true}");
        assertThat(call(system, "dolibarr.delete_thirdparty", "{\"id\": 13}").toString())
                .isEqualTo("{\"id\":13,\"deleted\":false}");
    }

    @Test
    void refusalsSayWhatToFix() throws Exception {
        assertThatThrownBy(() -> call(system, "dolibarr.pay_invoice",
                "{\"id\": 7, \"datepaye\": \"2026-12-06\", \"paymentid\": 2}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("dolibarr.refused");
                    assertThat(e.getMessage()).contains("400", "Account ID is mandatory");
                });
        TestSystem wrongKey = DolibarrReplay.system(server, "wrong-key");
        try {
            assertThatThrownBy(() -> call(wrongKey, "dolibarr.get_thirdparty", "{\"id\": 12}"))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("dolibarr.unauthorized");
                        assertThat(e.getMessage()).contains("DOLAPIKEY", "user not valid")
                                .doesNotContain("wrong-key");
                    });
            try (SystemClient client = new DolibarrConnector().open(wrongKey)) {
                assertThat(client.test().ok()).isFalse();
            }
        } finally {
            ((JettyTransport) wrongKey.http()).close();
        }
        TestSystem moduleOff = DolibarrReplay.system(server, "module-off-key");
        try {
            assertThatThrownBy(() -> call(moduleOff, "dolibarr.get_thirdparty", "{\"id\": 12}"))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("dolibarr.not_api");
                        assertThat(e.getMessage()).contains("API REST module");
                    });
        } finally {
            ((JettyTransport) moduleOff.http()).close();
        }
        assertThatThrownBy(() -> call(system, "dolibarr.list_orders", "{\"thirdparty_ids\": \"99\"}"))
                .as("a proxy's 503 in front of Dolibarr")
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("dolibarr.unavailable");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                });
    }
}
