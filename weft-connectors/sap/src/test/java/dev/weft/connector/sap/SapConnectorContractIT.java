package dev.weft.connector.sap;

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
 * The connector contract against the replay of API_SALES_ORDER_SRV (OData 2.0, client 100), with a password
 * that must never come back in an output or an error.
 */
class SapConnectorContractIT extends ConnectorContract {
    static final String ORDER = "{\"soldToParty\": \"17100001\", \"salesOrganization\": \"1710\","
            + " \"distributionChannel\": \"10\", \"division\": \"00\", \"purchaseOrderByCustomer\": \"PO-4711\","
            + " \"items\": [{\"material\": \"TG11\", \"quantity\": 2}]}";
    private static ReplayServer server;
    private static TestSystem system;

    @BeforeAll
    static void start() throws Exception {
        server = SapReplay.start();
        system = SapReplay.system(server, SapReplay.SALES_ORDER, "v2", "100");
    }

    /** Every request the contract made was one SAP documents (the replay matched it). */
    @AfterAll
    static void stop() {
        SapReplay.close(system);
        server.close();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new SapConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("sap.list",
                        "{\"entitySet\": \"A_SalesOrder\", \"select\": [\"SalesOrder\", \"SoldToParty\","
                                + " \"TotalNetAmount\"], \"orderby\": \"SalesOrder asc\", \"maxPages\": 2}"),
                call("sap.get",
                        "{\"entitySet\": \"A_SalesOrder\", \"key\": \"1\", \"expand\": [\"to_Item\"]}"),
                call("sap.create",
                        "{\"entitySet\": \"A_SalesOrder\", \"record\": {\"SalesOrderType\": \"OR\","
                                + " \"SalesOrganization\": \"1710\", \"DistributionChannel\": \"10\","
                                + " \"OrganizationDivision\": \"00\", \"SoldToParty\": \"17100001\","
                                + " \"PurchaseOrderByCustomer\": \"PO-4711\", \"to_Item\": {\"results\": [{\"Material\":"
                                + " \"TG11\", \"RequestedQuantity\": \"2\"}]}}}"),
                call("sap.create_sales_order", ORDER),
                call("sap.update", "{\"entitySet\": \"A_SalesOrder\", \"key\": \"1\", \"record\":"
                        + " {\"PurchaseOrderByCustomer\": \"PO-4712\"}}"),
                call("sap.delete", "{\"entitySet\": \"A_SalesOrder\", \"key\": \"2\"}"),
                call("sap.delete", "{\"entitySet\": \"A_SalesOrder\", \"key\": \"998\"}"),
                call("sap.batch", "{\"requests\": [{\"method\": \"GET\", \"path\": \"A_SalesOrder('1')\"},"
                        + " {\"method\": \"PATCH\", \"path\": \"A_SalesOrder('1')\", \"body\":"
                        + " {\"PurchaseOrderByCustomer\": \"PO-4712\"}, \"etag\":"
                        + " \"W/\\\"datetimeoffset'2026-12-06T09%3A00%3A00.0000000Z'\\\"\"}]}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("sap.get", "{\"entitySet\": \"A_SalesOrder\", \"key\": \"999\"}"),
                call("sap.get", "{\"entitySet\": \"A_SalesOrder/../x\", \"key\": \"1\"}"),
                call("sap.create_sales_order", ORDER.replace("17100001", "99999999")),
                call("sap.create_sales_order",
                        "{\"soldToParty\": \"17100001\", \"salesOrganization\": \"1710\","
                                + " \"distributionChannel\": \"10\", \"division\": \"00\", \"items\": []}"),
                call("sap.batch", "{\"requests\": [{\"method\": \"GET\", \"path\": \"/etc/passwd\"}]}"));
    }
}
