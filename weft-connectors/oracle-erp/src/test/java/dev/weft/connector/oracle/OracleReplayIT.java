package dev.weft.connector.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Oracle Fusion's REST ways, as its reference documents them, met by the connector on the replay of its API. */
class OracleReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYABLES = "{\"InvoiceNumber\": \"%s\", \"InvoiceCurrency\": \"EUR\","
            + " \"InvoiceAmount\": 180, \"InvoiceDate\": \"2026-12-06\", \"BusinessUnit\": \"Vision Operations\","
            + " \"Supplier\": \"Ada Supplies\", %s\"Description\": \"Support hours\", \"invoiceLines\":"
            + " [{\"LineNumber\": 1, \"LineType\": \"Item\", \"LineAmount\": 180, \"Description\": \"Support hour x2\"}]}";
    private ReplayServer server;
    private TestSystem system;

    @BeforeEach
    void start() throws Exception {
        server = OracleReplay.start();
        system = OracleReplay.system(server, OracleReplay.PASSWORD);
    }

    @AfterEach
    void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
    }

    private JsonNode call(String operation, String input) throws Exception {
        try (SystemClient client = new OracleConnector().open(system)) {
            return client.invoke(
                    new Call(operation, JSON.readTree(input), "k-" + operation, Duration.ofSeconds(10),
                            new Cancellation()));
        }
    }

    @Test
    void aPayablesInvoiceIsCreatedWithItsLinesAsAnItemAndReadBackWithThem() throws Exception {
        JsonNode created = call("oracle.create_payables_invoice", "{\"invoice\": "
                + PAYABLES.formatted("INV-ADA-0042", "\"SupplierSite\": \"PARIS\", ") + "}");
        assertThat(created.get("InvoiceId").asLong()).isEqualTo(300000123456789L);
        ReplayServer.Received post = server.received().get(0);
        assertThat(post.header("Content-Type")).startsWith("application/vnd.oracle.adf.resourceitem+json");
        assertThat(post.header("REST-Framework-Version")).isEqualTo("4");
        JsonNode read = call("oracle.get",
                "{\"resource\": \"invoices\", \"id\": \"300000123456789\", \"expand\":"
                        + " \"invoiceLines\"}");
        assertThat(read.at("/invoiceLines/items/0/LineAmount").asInt()).isEqualTo(180);
        assertThat(call("oracle.update", "{\"resource\": \"invoices\", \"id\": \"300000123456789\", \"item\":"
                + " {\"Description\": \"Support hours, December\"}}").get("Description").asText())
                .isEqualTo("Support hours, December");
        assertThat(server.received()).extracting(ReplayServer.Received::method).containsExactly("POST", "GET",
                "PATCH");
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void pagesFollowHasMore() throws Exception {
        JsonNode first = call("oracle.list",
                "{\"resource\": \"suppliers\", \"orderBy\": \"Supplier:asc\", \"limit\": 2}");
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        assertThat(first.get("items")).hasSize(2);
        int next = first.get("offset").asInt() + first.get("count").asInt();
        JsonNode second = call("oracle.list",
                "{\"resource\": \"suppliers\", \"orderBy\": \"Supplier:asc\", \"limit\": 2,"
                        + " \"offset\": " + next + "}");
        assertThat(second.get("hasMore").asBoolean()).isFalse();
        assertThat(second.at("/items/0/Supplier").asText()).isEqualTo("Lovelace Tools");
        assertThat(first.get("items").get(0).has("links")).as("onlyData").isFalse();
    }

    @Test
    void oraclesMessagesComeThroughWhetherJsonOrText() {
        assertThatThrownBy(() -> call("oracle.create_payables_invoice", "{\"invoice\": "
                + PAYABLES.formatted("INV-ADA-0042", "") + "}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("oracle.invalid");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("400",
                            "Attribute SupplierSite in Invoices is required.");
                    assertThat(e.details().get("errorCodes").get(0).asText()).isEqualTo("27014");
                });
        assertThatThrownBy(() -> call("oracle.create_payables_invoice", "{\"invoice\": "
                + PAYABLES.formatted("INV-ADA-0041", "\"SupplierSite\": \"PARIS\", ") + "}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("oracle.invalid");
                    assertThat(e.getMessage()).contains("unique invoice number", "AP-810270");
                });
        assertThatThrownBy(() -> call("oracle.get", "{\"resource\": \"invoices\", \"id\": \"999\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("oracle.not_found");
                    assertThat(e.getMessage()).contains("self link");
                });
        assertThatThrownBy(() -> call("oracle.get", "{\"resource\": \"invoices\", \"id\": \"1/../../x\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("oracle.input");
                    assertThat(e.getMessage()).contains("'id'");
                });
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void throttlingIsARateLimitAndMaintenanceIsRetryable() {
        assertThatThrownBy(() -> call("oracle.list", "{\"resource\": \"purchaseOrders\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
                });
        assertThatThrownBy(() -> call("oracle.list", "{\"resource\": \"itemsV2\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("oracle.unavailable");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(600));
                    assertThat(e.getMessage()).contains("Service Unavailable").doesNotContain("<html>");
                });
    }

    @Test
    void aWrongPasswordIsNamedWithoutTheCredential() throws Exception {
        TestSystem wrong = OracleReplay.system(server, "wrong-password-1");
        try (SystemClient client = new OracleConnector().open(wrong)) {
            assertThat(client.test().ok()).isFalse();
            assertThat(client.test().message()).contains("401", "basic", "oauth2ClientCredentials")
                    .doesNotContain("wrong-password-1");
        } finally {
            ((JettyTransport) wrong.http()).close();
        }
        try (SystemClient client = new OracleConnector().open(system)) {
            assertThat(client.test().ok()).isTrue();
        }
    }

    private static Clock at(String time) {
        return Clock.fixed(Instant.parse("2026-12-06T" + time + ":00Z"), ZoneOffset.UTC);
    }

    @Test
    void theTriggerTakesEachChangeOnceAndPagesThroughATimeManyShare() throws Exception {
        JsonNode config = JSON
                .readTree("{\"resource\": \"invoices\", \"since\": \"2026-12-06T09:00:00+00:00\"}");
        JsonNode settled;
        try (SystemClient client = new OracleConnector().open(system.withClock(at("10:10")))) {
            PollResult first = client.poll(new PollRequest("oracle.changed", config, null, 2));
            assertThat(first.events()).extracting(Event::id).containsExactly(
                    "invoices:300000123456801:2026-12-06T10:00:00.500Z",
                    "invoices:300000123456802:2026-12-06T10:00:00.500Z");
            PollResult second = client.poll(new PollRequest("oracle.changed", config, first.cursor(), 2));
            assertThat(second.events()).as("both taken already").isEmpty();
            assertThat(second.more()).isTrue();
            assertThat(second.cursor().get("offset").asInt()).as("a whole page at one time: read past it")
                    .isEqualTo(2);
            PollResult third = client.poll(new PollRequest("oracle.changed", config, second.cursor(), 2));
            assertThat(third.events()).extracting(e -> e.data().at("/item/InvoiceNumber").asText())
                    .containsExactly("INV-9");
            assertThat(third.more()).isFalse();
            settled = third.cursor();
        }
        // INV-10 was stamped 10:04:30 by an import that committed after the 10:10 poll, which read only times
        // before 10:05: the mark stayed at 10:00:00.500, and the poll at 10:20 takes it.
        try (SystemClient client = new OracleConnector().open(system.withClock(at("10:20")))) {
            PollResult late = client.poll(new PollRequest("oracle.changed", config, settled, 10));
            assertThat(late.events()).extracting(Event::id)
                    .containsExactly("invoices:300000123456804:2026-12-06T10:04:30Z");
        }
        try (SystemClient client = new OracleConnector().open(system.withClock(at("10:00")))) {
            PollResult none = client.poll(new PollRequest("oracle.changed", JSON.readTree("{\"resource\":"
                    + " \"payablesPayments\", \"q\": \"BusinessUnit='Vision Operations'\"}"), null, 100));
            assertThat(none.events()).isEmpty();
            assertThat(none.cursor().get("since").asText()).isEqualTo("2026-12-06T10:00:00+00:00");
            assertThatThrownBy(() -> client.poll(new PollRequest("oracle.changed",
                    JSON.readTree("{\"resource\": \"journalBatches\"}"), null, 10)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("oracle.config");
                        assertThat(e.getMessage()).contains("'key'");
                    });
            assertThatThrownBy(() -> client.poll(new PollRequest("oracle.changed",
                    JSON.readTree("{\"resource\": \"invoices\", \"fields\": \"InvoiceId,InvoiceNumber\"}"),
                    null, 10)))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.getMessage()).contains("'fields'", "LastUpdateDate"));
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }
}
