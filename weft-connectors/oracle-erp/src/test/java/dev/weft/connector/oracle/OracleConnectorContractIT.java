package dev.weft.connector.oracle;

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
 * The connector contract against the replay of Oracle Fusion's documented REST API, with a password that must
 * never come back in an output or an error.
 */
class OracleConnectorContractIT extends ConnectorContract {
    private static final String PAYABLES = "{\"InvoiceNumber\": \"%s\", \"InvoiceCurrency\": \"EUR\","
            + " \"InvoiceAmount\": 180, \"InvoiceDate\": \"2026-12-06\", \"BusinessUnit\": \"Vision Operations\","
            + " \"Supplier\": \"Ada Supplies\", %s\"Description\": \"Support hours\", \"invoiceLines\":"
            + " [{\"LineNumber\": 1, \"LineType\": \"Item\", \"LineAmount\": 180, \"Description\": \"Support hour x2\"}]}";
    private static ReplayServer server;
    private static TestSystem system;

    @BeforeAll
    static void start() throws Exception {
        server = OracleReplay.start();
        system = OracleReplay.system(server, OracleReplay.PASSWORD);
    }

    /** Every request the contract made was one Oracle documents (the replay matched it). */
    @AfterAll
    static void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new OracleConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("oracle.list", "{\"resource\": \"invoices\", \"q\": \"InvoiceNumber='INV-ADA-0042'\","
                        + " \"fields\": \"InvoiceId,InvoiceNumber,InvoiceAmount,PaymentStatus,LastUpdateDate\"}"),
                call("oracle.list",
                        "{\"resource\": \"suppliers\", \"orderBy\": \"Supplier:asc\", \"limit\": 2}"),
                call("oracle.get",
                        "{\"resource\": \"invoices\", \"id\": \"300000123456789\", \"expand\": \"invoiceLines\"}"),
                call("oracle.create",
                        "{\"resource\": \"suppliers\", \"item\": {\"Supplier\": \"Ada Supplies\","
                                + " \"TaxOrganizationType\": \"Corporation\", \"SupplierType\": \"Supplier\","
                                + " \"BusinessRelationship\": \"SPEND_AUTHORIZED\"}}"),
                call("oracle.update", "{\"resource\": \"invoices\", \"id\": \"300000123456789\", \"item\":"
                        + " {\"Description\": \"Support hours, December\"}}"),
                call("oracle.list_children",
                        "{\"resource\": \"invoices\", \"id\": \"300000123456789\", \"child\":"
                                + " \"invoiceLines\"}"),
                call("oracle.create_child",
                        "{\"resource\": \"invoices\", \"id\": \"300000123456789\", \"child\":"
                                + " \"invoiceLines\", \"item\": {\"LineNumber\": 2, \"LineType\": \"Item\", \"LineAmount\": 45,"
                                + " \"Description\": \"Travel\"}}"),
                call("oracle.create_payables_invoice", "{\"invoice\": "
                        + PAYABLES.formatted("INV-ADA-0042", "\"SupplierSite\": \"PARIS\", ") + "}"),
                call("oracle.create_receivables_invoice",
                        "{\"invoice\": {\"BusinessUnit\": \"Vision Operations\","
                                + " \"TransactionSource\": \"Manual-NES\", \"TransactionType\": \"Invoice\", \"TransactionDate\":"
                                + " \"2026-12-06\", \"BillToCustomerNumber\": \"1008\", \"InvoiceCurrencyCode\": \"EUR\","
                                + " \"PaymentTerms\": \"30 Net\", \"receivablesInvoiceLines\": [{\"LineNumber\": 1, \"Description\":"
                                + " \"Support hour\", \"Quantity\": 2, \"UnitSellingPrice\": 90}]}}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("oracle.get", "{\"resource\": \"invoices\", \"id\": \"999\"}"),
                call("oracle.get", "{\"resource\": \"invoices/../hcmRestApi\", \"id\": \"1\"}"),
                call("oracle.create_payables_invoice",
                        "{\"invoice\": " + PAYABLES.formatted("INV-ADA-0042", "") + "}"),
                call("oracle.list", "{\"resource\": \"invoices\", \"q\": \"InvoiceNumber='INV-ADA-0042\"}"),
                call("oracle.list", "{\"resource\": \"purchaseOrders\"}"),
                call("oracle.list", "{\"resource\": \"itemsV2\"}"));
    }
}
