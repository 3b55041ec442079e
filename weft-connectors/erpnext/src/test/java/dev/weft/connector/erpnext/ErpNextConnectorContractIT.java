package dev.weft.connector.erpnext;

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
 * The connector contract against the replay of Frappe's documented API, with an API key and secret that must
 * never come back in an output or an error.
 */
class ErpNextConnectorContractIT extends ConnectorContract {
    private static ReplayServer server;
    private static TestSystem system;

    @BeforeAll
    static void start() throws Exception {
        server = ErpNextReplay.start();
        system = ErpNextReplay.system(server, ErpNextReplay.KEY);
    }

    /** Every request the contract made was one Frappe documents (the replay matched it). */
    @AfterAll
    static void stop() {
        ((dev.weft.gateway.transport.JettyTransport) system.http()).close();
        server.close();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new ErpNextConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(call("erpnext.list", "{\"doctype\": \"Customer\"}"),
                call("erpnext.list",
                        "{\"doctype\": \"Sales Invoice\", \"fields\": [\"name\", \"grand_total\","
                                + " \"outstanding_amount\"], \"filters\": [[\"customer\", \"=\", \"Ada Corp\"],"
                                + " [\"outstanding_amount\", \">\", 0]], \"order_by\": \"posting_date asc\"}"),
                call("erpnext.get", "{\"doctype\": \"Customer\", \"name\": \"Ada Corp\"}"),
                call("erpnext.create",
                        "{\"doctype\": \"Customer\", \"doc\": {\"customer_name\": \"Ada Corp\","
                                + " \"customer_type\": \"Company\", \"customer_group\": \"Commercial\", \"territory\":"
                                + " \"All Territories\"}}"),
                call("erpnext.update", "{\"doctype\": \"Customer\", \"name\": \"Ada Corp\", \"doc\":"
                        + " {\"customer_group\": \"Government\"}}"),
                call("erpnext.delete", "{\"doctype\": \"Quotation\", \"name\": \"SAL-QTN-2026-00003\"}"),
                call("erpnext.call",
                        "{\"method\": \"frappe.client.get_count\", \"args\": {\"doctype\": \"Sales Invoice\","
                                + " \"filters\": {\"customer\": \"Ada Corp\"}}}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("erpnext.get", "{\"doctype\": \"Customer\", \"name\": \"Nobody\"}"),
                call("erpnext.create",
                        "{\"doctype\": \"Customer\", \"doc\": {\"customer_name\": \"Ada Corp\"}}"),
                call("erpnext.create",
                        "{\"doctype\": \"Sales Invoice\", \"doc\": {\"items\": [{\"item_code\":"
                                + " \"SUPPORT-H\", \"qty\": 2}]}}"),
                call("erpnext.list", "{\"doctype\": \"Item\"}"),
                call("erpnext.call", "{\"method\": \"os.system; rm\"}"));
    }
}
