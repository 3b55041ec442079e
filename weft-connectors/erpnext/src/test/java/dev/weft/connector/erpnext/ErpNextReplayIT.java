package dev.weft.connector.erpnext;

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
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frappe's own ways, as its source documents them, met by the connector on the replay of its API. */
class ErpNextReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer server;
    private TestSystem system;

    @BeforeEach
    void start() throws Exception {
        server = ErpNextReplay.start();
        system = ErpNextReplay.system(server, ErpNextReplay.KEY);
    }

    @AfterEach
    void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
    }

    private JsonNode call(String operation, String input) throws Exception {
        try (SystemClient client = new ErpNextConnector().open(system)) {
            return client.invoke(
                    new Call(operation, JSON.readTree(input), "k-" + operation, Duration.ofSeconds(10),
                            new Cancellation()));
        }
    }

    @Test
    void submittingTwiceSubmitsOnceAndAnInvoiceIsMadeFromAnOrder() throws Exception {
        String invoice = "{\"doctype\": \"Sales Invoice\", \"name\": \"ACC-SINV-2026-00007\"}";
        assertThat(call("erpnext.submit", invoice).get("docstatus").asInt()).isEqualTo(1);
        assertThat(call("erpnext.submit", invoice).get("status").asText()).as("a retried step")
                .isEqualTo("Unpaid");
        assertThat(server.received()).filteredOn(r -> r.method().equals("PUT")).hasSize(1);
        assertThatThrownBy(() -> call("erpnext.cancel",
                "{\"doctype\": \"Sales Invoice\", \"name\": \"ACC-SINV-2026-00007\"}"))
                .as("no cancel documented in the replay: the PUT is refused by it")
                .isInstanceOf(ConnectorException.class);

        JsonNode made = call("erpnext.invoice_from_sales_order",
                "{\"salesOrder\": \"SAL-ORD-2026-00031\", \"submit\": true}");
        assertThat(made.get("name").asText()).isEqualTo("ACC-SINV-2026-00009");
        assertThat(made.get("docstatus").asInt()).isEqualTo(1);
        assertThat(made.at("/items/0/sales_order").asText()).isEqualTo("SAL-ORD-2026-00031");
    }

    @Test
    void frappesMessagesComeThroughAndItsRateLimitIsHonoured() {
        assertThatThrownBy(() -> call("erpnext.create",
                "{\"doctype\": \"Customer\", \"doc\": {\"customer_name\": \"Ada Corp\"}}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("erpnext.duplicate");
                    assertThat(e.getMessage())
                            .contains("409 DuplicateEntryError", "Customer Ada Corp already exists")
                            .doesNotContain("<strong>").doesNotContain("frappe.exceptions");
                });
        assertThatThrownBy(() -> call("erpnext.create",
                "{\"doctype\": \"Sales Invoice\", \"doc\": {\"items\":"
                        + " [{\"item_code\": \"SUPPORT-H\", \"qty\": 2}]}}"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("erpnext.invalid");
                            assertThat(e.getMessage()).contains("Value missing for Sales Invoice: Customer");
                            assertThat(e.details().get("excType").asText()).isEqualTo("MandatoryError");
                        });
        assertThatThrownBy(() -> call("erpnext.list", "{\"doctype\": \"Item\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2400));
                });
    }

    @Test
    void aWrongKeyIsNamedAndTheConnectionTestSaysWhoSignedIn() throws Exception {
        try (SystemClient client = new ErpNextConnector().open(system)) {
            assertThat(client.test().message()).contains("integration@ada.example");
        }
        TestSystem wrong = ErpNextReplay.system(server, "token wrong:key");
        try (SystemClient client = new ErpNextConnector().open(wrong)) {
            assertThatThrownBy(() -> client.invoke(new Call("erpnext.get",
                    JSON.readTree("{\"doctype\": \"Customer\","
                            + " \"name\": \"Ada Corp\"}"),
                    "k", Duration.ofSeconds(10), new Cancellation())))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("erpnext.unauthorized");
                        assertThat(e.getMessage()).contains("Invalid Authentication",
                                "token <api_key>:<api_secret>");
                    });
        } finally {
            ((JettyTransport) wrong.http()).close();
        }
    }

    @Test
    void theTriggerTakesEachChangeOnceAndPagesThroughATimeManyShare() throws Exception {
        try (SystemClient client = new ErpNextConnector().open(system)) {
            JsonNode config = JSON
                    .readTree("{\"doctype\": \"Sales Invoice\", \"since\": \"2026-12-06 09:00:00\"}");
            PollResult first = client.poll(new PollRequest("erpnext.changed", config, null, 2));
            assertThat(first.events()).extracting(Event::id).containsExactly(
                    "Sales Invoice:ACC-SINV-2026-00007:2026-12-06 10:00:00.5",
                    "Sales Invoice:ACC-SINV-2026-00008:2026-12-06 10:00:00.5");
            PollResult second = client.poll(new PollRequest("erpnext.changed", config, first.cursor(), 2));
            assertThat(second.events()).as("both taken already").isEmpty();
            assertThat(second.more()).isTrue();
            assertThat(second.cursor().get("start").asInt()).as("a whole page at one time: read past it")
                    .isEqualTo(2);
            PollResult third = client.poll(new PollRequest("erpnext.changed", config, second.cursor(), 2));
            assertThat(third.events()).extracting(Event::id)
                    .containsExactly("Sales Invoice:ACC-SINV-2026-00010:2026-12-06 10:00:00.5");
            assertThat(third.more()).isFalse();
        }
        assertThatThrownBy(() -> new ErpNextConnector().open(system).poll(new PollRequest("erpnext.changed",
                JSON.readTree("{\"doctype\": \"Customer\", \"fields\": [\"name\"]}"), null, 5)))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("modified"));
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }
}
