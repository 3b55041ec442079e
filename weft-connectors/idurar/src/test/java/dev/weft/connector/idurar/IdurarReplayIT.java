package dev.weft.connector.idurar;

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

/** IDURAR's own ways, as its source has them, met by the connector on the replay of its API. */
class IdurarReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "6752f0c1a4b8e2d9c3f10a01";
    private static final String INVOICE = "6752f3aa0b1c4d5e6f708192";
    private ReplayServer server;
    private TestSystem system;

    @BeforeEach
    void start() throws Exception {
        server = IdurarReplay.start();
        system = IdurarReplay.system(server, IdurarReplay.TOKEN);
    }

    @AfterEach
    void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
    }

    private static JsonNode call(TestSystem on, String operation, String input) throws Exception {
        try (SystemClient client = new IdurarConnector().open(on)) {
            return client.invoke(
                    new Call(operation, JSON.readTree(input), "k-" + operation, Duration.ofSeconds(10),
                            new Cancellation()));
        }
    }

    private JsonNode call(String operation, String input) throws Exception {
        return call(system, operation, input);
    }

    @Test
    void anInvoiceIsCreatedWithItsLinesTotalledAndPaidInPart() throws Exception {
        JsonNode invoice = call("idurar.create_invoice", "{\"invoice\": {\"client\": \"" + CLIENT
                + "\", \"number\": 7,"
                + " \"year\": 2026, \"status\": \"draft\", \"date\": \"2026-12-06\", \"expiredDate\": \"2027-01-05\","
                + " \"taxRate\": 20, \"items\": [{\"itemName\": \"Support hour\", \"quantity\": 2, \"price\": 90}]}}");
        assertThat(invoice.get("_id").asText()).isEqualTo(INVOICE);
        assertThat(invoice.get("total").asInt()).isEqualTo(216);
        assertThat(server.received().get(0).body()).as("IDURAR's schema requires each line's total")
                .contains("\"total\":180");
        JsonNode payment = call("idurar.create_payment", "{\"payment\": {\"invoice\": \"" + INVOICE
                + "\", \"client\":"
                + " \"" + CLIENT
                + "\", \"number\": 3, \"amount\": 100, \"date\": \"2026-12-07\", \"ref\": \"TRF-2026-118\"}}");
        assertThat(payment.get("amount").asInt()).isEqualTo(100);
        assertThat(call("idurar.get_payment", "{\"id\": \"6752f5d2c3b4a59687706a11\"}")
                .at("/invoice/paymentStatus")
                .asText()).isEqualTo("partially");
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void refusalsThatIduraAnswersWithA2xxAreErrorsAndEmptyAnswersAreEmptyLists() throws Exception {
        assertThatThrownBy(() -> call("idurar.create_payment",
                "{\"payment\": {\"invoice\": \"" + INVOICE + "\","
                        + " \"client\": \"" + CLIENT + "\", \"number\": 4, \"amount\": 500}}"))
                .as("IDURAR says 202 with success false")
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("idurar.invalid");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("202", "The Max Amount you can add is 216");
                });
        assertThat(call("idurar.search_clients", "{\"q\": \"Nobody\"}").get("items")).as("202, none found")
                .isEmpty();
        JsonNode page = call("idurar.list_clients", "{}");
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("page").asInt()).as("IDURAR echoes the page as a string").isEqualTo(1);
    }

    @Test
    void validationErrorsNameTheFieldAndBadIdsAreNotSent() throws Exception {
        assertThatThrownBy(
                () -> call("idurar.create_client", "{\"client\": {\"email\": \"no-name@example.com\"}}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("idurar.invalid");
                    assertThat(e.getMessage()).contains("400", "Required fields are not supplied",
                            "fields: name");
                    assertThat(e.details().get("fields").get(0).asText()).isEqualTo("name");
                });
        assertThatThrownBy(() -> call("idurar.create_invoice", "{\"invoice\": {\"client\": \"" + CLIENT
                + "\","
                + " \"number\": 7, \"year\": 2026, \"status\": \"draft\", \"date\": \"2026-12-06\", \"taxRate\": 20,"
                + " \"items\": [{\"itemName\": \"Support hour\", \"quantity\": 2, \"price\": 90}]}}"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("\"expiredDate\" is required"));
        int sent = server.received().size();
        assertThatThrownBy(() -> call("idurar.get_client", "{\"id\": \"42\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("idurar.input");
                    assertThat(e.getMessage()).contains("'id'", "24 hexadecimal digits");
                });
        assertThatThrownBy(() -> call("idurar.create_payment",
                "{\"payment\": {\"invoice\": \"INV-7\", \"client\": \""
                        + CLIENT + "\", \"number\": 4, \"amount\": 5}}"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("'invoice'"));
        assertThatThrownBy(() -> call("idurar.list_invoices", "{\"filter\": \"status\"}"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("'equal'"));
        assertThat(server.received()).as("nothing sent for input the connector refused").hasSize(sent);
    }

    @Test
    void aRemovedInvoiceIsNotFoundWhenRemovedAgain() throws Exception {
        assertThat(call("idurar.delete_invoice", "{\"id\": \"" + INVOICE + "\"}").get("_id").asText())
                .isEqualTo(INVOICE);
        assertThatThrownBy(() -> call("idurar.delete_invoice", "{\"id\": \"" + INVOICE + "\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("idurar.not_found");
                    assertThat(e.getMessage()).contains("Invoice not found");
                });
    }

    @Test
    void aRefusedTokenIsAnAuthErrorWhetherIdurarSays401Or500() throws Exception {
        for (String token : new String[]{IdurarReplay.EXPIRED, IdurarReplay.LOGGED_OUT}) {
            TestSystem refused = IdurarReplay.system(server, token);
            try {
                assertThatThrownBy(() -> call(refused, "idurar.get_client", "{\"id\": \"" + CLIENT + "\"}"))
                        .isInstanceOfSatisfying(ConnectorException.class, e -> {
                            assertThat(e.code()).isEqualTo("idurar.unauthorized");
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage()).contains("sessionLogin", "/result/token")
                                    .containsAnyOf("jwt expired", "already logout").doesNotContain(token);
                        });
            } finally {
                ((JettyTransport) refused.http()).close();
            }
        }
        TestSystem loggedOut = IdurarReplay.system(server, IdurarReplay.LOGGED_OUT);
        try (SystemClient client = new IdurarConnector().open(loggedOut)) {
            assertThat(client.test().ok()).isFalse();
            assertThat(client.test().message()).contains("401");
        } finally {
            ((JettyTransport) loggedOut.http()).close();
        }
        try (SystemClient client = new IdurarConnector().open(system)) {
            assertThat(client.test().ok()).isTrue();
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void aRateLimitIsHonouredAndAnOutageIsRetryableButAMissingRecordIsNot() {
        assertThatThrownBy(
                () -> call("idurar.list_invoices", "{\"filter\": \"status\", \"equal\": \"sent\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
                });
        assertThatThrownBy(() -> call("idurar.list_payments", "{\"page\": 2}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("idurar.unavailable");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("Client must be connected");
                });
        assertThatThrownBy(() -> call("idurar.create_payment",
                "{\"payment\": {\"invoice\": \"6752f3aa0b1c4d5e6f70ffff\","
                        + " \"client\": \"" + CLIENT + "\", \"number\": 5, \"amount\": 10}}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("idurar.not_found");
                    assertThat(e.retryable()).isFalse();
                });
    }

    private static Clock at(String time) {
        return Clock.fixed(Instant.parse("2026-12-06T" + time + "Z"), ZoneOffset.UTC);
    }

    @Test
    void theTriggerFindsTheOldestChangesByBisectionAndTakesEachOnce() throws Exception {
        JsonNode config = JSON.readTree("{\"resource\": \"payments\", \"since\": \"2026-12-01T00:00:00Z\"}");
        JsonNode invoicesCursor;
        try (SystemClient client = new IdurarConnector().open(system.withClock(at("11:00:05")))) {
            PollResult first = client.poll(new PollRequest("idurar.changed", config, null, 2));
            assertThat(first.events()).extracting(Event::id).containsExactly(
                    "payments:6752f5d2c3b4a59687706a02:2026-12-02T09:00:00Z",
                    "payments:6752f5d2c3b4a59687706a03:2026-12-03T09:00:00Z");
            assertThat(first.more()).isTrue();
            PollResult second = client.poll(new PollRequest("idurar.changed", config, first.cursor(), 2));
            assertThat(second.events()).extracting(Event::id).containsExactly(
                    "payments:6752f5d2c3b4a59687706a04:2026-12-04T09:00:00Z",
                    "payments:6752f5d2c3b4a59687706a05:2026-12-05T09:00:00Z");
            PollResult third = client.poll(new PollRequest("idurar.changed", config, second.cursor(), 2));
            assertThat(third.events()).isEmpty();
            assertThat(third.more()).isFalse();
            assertThat(third.cursor()).isEqualTo(second.cursor());
            assertThat(server.received()).filteredOn(r -> r.path().equals("/api/payment/list")
                    && r.query().get("sortValue").equals("-1")).as("one newest page per poll").hasSize(3);

            PollResult invoices = client.poll(new PollRequest("idurar.changed",
                    JSON.readTree("{\"resource\": \"invoices\", \"since\": \"2026-12-06T10:00:00Z\"}"), null,
                    10));
            assertThat(invoices.events())
                    .as("the one at the cursor's time is new on a first poll; number 9, updated 11:00:00, is"
                            + " younger than the settle at 11:00:05 and is left for a later poll")
                    .extracting(e -> e.data().at("/record/number").asInt()).containsExactly(8);
            assertThat(invoices.cursor().get("since").asText()).isEqualTo("2026-12-06T10:00:00Z");
            invoicesCursor = invoices.cursor();
        }
        try (SystemClient client = new IdurarConnector().open(system.withClock(at("11:01:00")))) {
            JsonNode invoiceConfig = JSON.readTree("{\"resource\": \"invoices\"}");
            PollResult later = client
                    .poll(new PollRequest("idurar.changed", invoiceConfig, invoicesCursor, 10));
            assertThat(later.events()).as("settled a minute later")
                    .extracting(e -> e.data().at("/record/number").asInt()).containsExactly(9);
            PollResult again = client
                    .poll(new PollRequest("idurar.changed", invoiceConfig, later.cursor(), 10));
            assertThat(again.events()).isEmpty();
            assertThat(again.cursor()).isEqualTo(later.cursor());
        }
        TestSystem at10 = system
                .withClock(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));
        try (SystemClient client = new IdurarConnector().open(at10)) {
            PollResult none = client.poll(new PollRequest("idurar.changed",
                    JSON.readTree("{\"resource\": \"clients\"}"), null, 100));
            assertThat(none.events()).as("IDURAR answers no client 203").isEmpty();
            assertThat(none.cursor().get("since").asText()).isEqualTo("2026-12-06T10:00:00Z");
            assertThatThrownBy(() -> client.poll(new PollRequest("idurar.changed",
                    JSON.readTree("{\"resource\": \"quotes\"}"), null, 2)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("idurar.config");
                        assertThat(e.getMessage()).contains("'resource'", "clients, invoices or payments");
                    });
            assertThatThrownBy(() -> client.poll(new PollRequest("idurar.changed",
                    JSON.readTree("{\"resource\": \"clients\", \"since\": \"yesterday\"}"), null, 2)))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.getMessage()).contains("'since'", "ISO 8601"));
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }
}
