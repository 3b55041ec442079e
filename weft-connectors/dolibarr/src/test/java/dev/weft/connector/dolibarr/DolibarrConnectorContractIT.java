package dev.weft.connector.dolibarr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract against the replay of Dolibarr's documented API, with an API key that must never
 * come back in an output or an error.
 */
class DolibarrConnectorContractIT extends ConnectorContract {
    private static ReplayServer server;
    private static TestSystem system;

    @BeforeAll
    static void start() throws Exception {
        server = DolibarrReplay.start();
        system = DolibarrReplay.system(server, DolibarrReplay.KEY);
    }

    /** Every request the contract made was one Dolibarr documents (the replay matched it). */
    @AfterAll
    static void stop() {
        ((dev.weft.gateway.transport.JettyTransport) system.http()).close();
        server.close();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new DolibarrConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(call("dolibarr.list_thirdparties", "{}"),
                call("dolibarr.list_thirdparties",
                        "{\"mode\": 1, \"sortfield\": \"t.tms\", \"sortorder\": \"ASC\","
                                + " \"sqlfilters\": \"(t.tms:>=:'2026-12-01 00:00:00')\", \"limit\": 50}"),
                call("dolibarr.list_thirdparties", "{\"mode\": 4}"),
                call("dolibarr.get_thirdparty", "{\"id\": 12}"),
                call("dolibarr.create_thirdparty", "{\"thirdparty\": {\"name\": \"Ada Corp\", \"email\":"
                        + " \"billing@ada.example\", \"client\": 1, \"code_client\": \"auto\"}}"),
                call("dolibarr.update_thirdparty",
                        "{\"id\": 12, \"thirdparty\": {\"email\": \"ap@ada.example\"}}"),
                call("dolibarr.list_products", "{\"mode\": 2, \"limit\": 20}"),
                call("dolibarr.create_product",
                        "{\"product\": {\"ref\": \"SUPPORT-H\", \"label\": \"Support hour\","
                                + " \"type\": 1, \"price\": 90, \"tva_tx\": 20}}"),
                call("dolibarr.list_orders", "{\"thirdparty_ids\": \"12\"}"),
                call("dolibarr.list_invoices", "{\"status\": \"unpaid\"}"),
                call("dolibarr.get_invoice", "{\"id\": 7}"),
                call("dolibarr.create_invoice",
                        "{\"invoice\": {\"socid\": 12, \"lines\": [{\"desc\": \"Support hour\","
                                + " \"subprice\": 90, \"qty\": 2, \"tva_tx\": 20, \"product_type\": 1}]}}"),
                call("dolibarr.validate_invoice", "{\"id\": 7}"),
                call("dolibarr.validate_invoice", "{\"id\": 8}"),
                call("dolibarr.pay_invoice", "{\"id\": 7, \"datepaye\": \"2026-12-06\", \"paymentid\": 2,"
                        + " \"accountid\": 1}"),
                call("dolibarr.create_invoice_from_order", "{\"orderId\": 31}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("dolibarr.get_thirdparty", "{\"id\": 999}"),
                call("dolibarr.get_thirdparty", "{\"id\": 0}"),
                call("dolibarr.create_thirdparty", "{\"thirdparty\": {\"email\": \"no-name@example.com\"}}"),
                call("dolibarr.pay_invoice", "{\"id\": 7, \"datepaye\": \"2026-12-06\", \"paymentid\": 2}"),
                call("dolibarr.list_orders", "{\"thirdparty_ids\": \"99\"}"));
    }
}
