package dev.weft.connector.idurar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract against the replay of IDURAR's documented API, with a token that must never come
 * back in an output or an error.
 */
class IdurarConnectorContractIT extends ConnectorContract {
    private static final String CLIENT = "6752f0c1a4b8e2d9c3f10a01";
    private static final String INVOICE = "6752f3aa0b1c4d5e6f708192";
    private static final String NEW_INVOICE = "{\"client\": \"" + CLIENT
            + "\", \"number\": 7, \"year\": 2026,"
            + " \"status\": \"%s\", \"date\": \"2026-12-06\", \"expiredDate\": \"2027-01-05\", \"taxRate\": 20,"
            + " \"items\": [{\"itemName\": \"Support hour\", \"quantity\": 2, \"price\": 90}]}";
    private static ReplayServer server;
    private static TestSystem system;

    @BeforeAll
    static void start() throws Exception {
        server = IdurarReplay.start();
        system = IdurarReplay.system(server, IdurarReplay.TOKEN);
    }

    /** Every request the contract made was one IDURAR answers (the replay matched it). */
    @AfterAll
    static void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new IdurarConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(call("idurar.list_clients", "{}"),
                call("idurar.list_clients", "{\"q\": \"ada\", \"fields\": \"name\"}"),
                call("idurar.search_clients", "{\"q\": \"Ada\", \"fields\": \"name,email\"}"),
                call("idurar.search_clients", "{\"q\": \"Nobody\"}"),
                call("idurar.get_client", "{\"id\": \"" + CLIENT + "\"}"),
                call("idurar.create_client", "{\"client\": {\"name\": \"Ada Corp\", \"email\":"
                        + " \"billing@ada.example\", \"country\": \"France\"}}"),
                call("idurar.update_client", "{\"id\": \"" + CLIENT + "\", \"client\": {\"email\":"
                        + " \"ap@ada.example\"}}"),
                call("idurar.delete_client", "{\"id\": \"" + CLIENT + "\"}"),
                call("idurar.list_invoices", "{\"filter\": \"paymentStatus\", \"equal\": \"unpaid\"}"),
                call("idurar.get_invoice", "{\"id\": \"" + INVOICE + "\"}"),
                call("idurar.create_invoice", "{\"invoice\": " + NEW_INVOICE.formatted("draft") + "}"),
                call("idurar.update_invoice", "{\"id\": \"" + INVOICE + "\", \"invoice\": "
                        + NEW_INVOICE.formatted("sent") + "}"),
                call("idurar.delete_invoice", "{\"id\": \"" + INVOICE + "\"}"),
                call("idurar.list_payments", "{}"),
                call("idurar.list_payments", "{\"filter\": \"invoice\", \"equal\": \"" + INVOICE + "\"}"),
                call("idurar.get_payment", "{\"id\": \"6752f5d2c3b4a59687706a11\"}"),
                call("idurar.create_payment",
                        "{\"payment\": {\"invoice\": \"" + INVOICE + "\", \"client\": \""
                                + CLIENT
                                + "\", \"number\": 3, \"amount\": 100, \"date\": \"2026-12-07\", \"ref\":"
                                + " \"TRF-2026-118\"}}"),
                call("idurar.update_payment", "{\"id\": \"6752f5d2c3b4a59687706a11\", \"payment\":"
                        + " {\"amount\": 216, \"ref\": \"TRF-2026-118\"}}"),
                call("idurar.delete_payment", "{\"id\": \"6752f5d2c3b4a59687706a11\"}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("idurar.get_client", "{\"id\": \"6752f0c1a4b8e2d9c3f1ffff\"}"),
                call("idurar.get_client", "{\"id\": \"42\"}"),
                call("idurar.create_client", "{\"client\": {\"email\": \"no-name@example.com\"}}"),
                call("idurar.create_payment",
                        "{\"payment\": {\"invoice\": \"" + INVOICE + "\", \"client\": \""
                                + CLIENT + "\", \"number\": 4, \"amount\": 500}}"),
                call("idurar.list_invoices", "{\"filter\": \"status\", \"equal\": \"sent\"}"),
                call("idurar.list_payments", "{\"page\": 2}"));
    }
}
