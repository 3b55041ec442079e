package dev.weft.connector.salesforce;

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
 * The connector contract against the replay of Salesforce's documented API, with an access token that must
 * never come back in an output or an error.
 */
class SalesforceConnectorContractIT extends ConnectorContract {
    static final String BULK_UPSERT = """
            {"object": "Contact", "operation": "upsert", "externalIdFieldName": "ERP_Id__c",
             "records": [{"ERP_Id__c": "P-1", "LastName": "Lovelace", "Account": {"ERP_Id__c": "C-12"}},
                         {"ERP_Id__c": "P-2", "LastName": "Hopper", "Email": "not-an-email"}]}""";
    static final String COMPOSITE = """
            {"allOrNone": %s, "requests": [
              {"method": "POST", "url": "sobjects/Account", "referenceId": "newAccount", "body": {"Name": "Ada Corp"}},
              {"method": "POST", "url": "/services/data/v62.0/sobjects/Contact", "referenceId": "newContact",
               "body": %s}]}""";
    static final String CONTACT = "{\"LastName\": \"Lovelace\", \"AccountId\": \"@{newAccount.id}\"}";
    static final String NAMELESS_CONTACT = "{\"FirstName\": \"Ada\", \"AccountId\": \"@{newAccount.id}\"}";

    private static ReplayServer server;
    private static TestSystem system;
    private static String contract;

    @BeforeAll
    static void start() throws Exception {
        server = SalesforceReplay.start();
        system = SalesforceReplay.system(server, SalesforceReplay.TOKEN);
        contract = system.blobs().put(new java.io.ByteArrayInputStream("%PDF-1.7 a contract".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), "application/pdf").toJson().toString();
    }

    /** Every request the contract made was one Salesforce documents (the replay matched it). */
    @AfterAll
    static void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new SalesforceConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("salesforce.create", "{\"sobject\": \"Contact\", \"record\": {\"FirstName\": \"Ada\","
                        + " \"LastName\": \"Lovelace\", \"Email\": \"ada@example.com\","
                        + " \"AccountId\": \"001RO00000AbCdEYAV\"}}"),
                call("salesforce.get", "{\"sobject\": \"Account\", \"id\": \"001RO00000AbCdEYAV\","
                        + " \"fields\": [\"Name\", \"BillingCity\"]}"),
                call("salesforce.update", "{\"sobject\": \"Opportunity\", \"id\": \"006RO00000XyZaBYAV\","
                        + " \"record\": {\"StageName\": \"Closed Won\"}}"),
                call("salesforce.delete", "{\"sobject\": \"Lead\", \"id\": \"00QRO00000LmNoPYAV\"}"),
                call("salesforce.upsert", "{\"sobject\": \"Account\", \"externalIdField\": \"ERP_Id__c\","
                        + " \"externalId\": \"CUST-00012\", \"record\": {\"Name\": \"Ada Corp\","
                        + " \"BillingCity\": \"Paris\"}}"),
                call("salesforce.query",
                        "{\"soql\": \"SELECT Id, Name FROM Account WHERE BillingCity = 'Paris'\"}"),
                call("salesforce.query", "{\"soql\": \"SELECT Id, Name, IsDeleted FROM Lead WHERE IsDeleted"
                        + " = true\", \"includeDeleted\": true}"),
                call("salesforce.composite", COMPOSITE.formatted(true, CONTACT)),
                call("salesforce.composite", COMPOSITE.formatted(false, NAMELESS_CONTACT)),
                call("salesforce.bulk_ingest", BULK_UPSERT),
                call("salesforce.bulk_status", "{\"jobId\": \"750RO00000BuLkAYAV\"}"),
                call("salesforce.bulk_status", "{\"jobId\": \"750RO00000BuLkAYAV\", \"maxFailures\": 10}"),
                call("salesforce.upload_file",
                        "{\"file\": " + contract + ", \"pathOnClient\": \"contract.pdf\","
                                + " \"linkTo\": \"006RO00000XyZaBYAV\"}"),
                call("salesforce.download_file", "{\"contentVersionId\": \"068RO00000FiLeAYAV\"}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(
                call("salesforce.create", "{\"sobject\": \"Contact\", \"record\": {\"FirstName\": \"Grace\","
                        + " \"Email\": \"grace@example.com\"}}"),
                call("salesforce.create", "{\"sobject\": \"Opportunity\", \"record\": {\"Name\": \"Ada Corp"
                        + " renewal\", \"StageName\": \"Prospecting\", \"CloseDate\": \"2026-12-31\","
                        + " \"Amount\": -5}}"),
                call("salesforce.create",
                        "{\"sobject\": \"Case\", \"record\": {\"Subject\": \"Printer on fire\"}}"),
                call("salesforce.get", "{\"sobject\": \"Account\", \"id\": \"001RO00000NoNeXYAV\"}"),
                call("salesforce.get", "{\"sobject\": \"Account\", \"id\": \"001RO00000BuSyYYAV\"}"),
                call("salesforce.get", "{\"sobject\": \"Account\", \"id\": \"not an id\"}"),
                call("salesforce.update", "{\"sobject\": \"Account\", \"id\": \"001RO00000AbCdEYAV\","
                        + " \"record\": {\"Rating\": \"Hot\"}}"),
                call("salesforce.upsert", "{\"sobject\": \"Account\", \"externalIdField\": \"ERP_Id__c\","
                        + " \"externalId\": \"CUST-00099\", \"record\": {\"Name\": \"Twin Corp\"}}"),
                call("salesforce.query", "{\"soql\": \"SELECT Id FROM Contact\"}"),
                call("salesforce.query", "{\"soql\": \"SELECT Id FROM Acount\"}"),
                call("salesforce.query", "{\"soql\": \"SELECT Id FROM Case\"}"),
                call("salesforce.composite", COMPOSITE.formatted(true, NAMELESS_CONTACT)),
                call("salesforce.bulk_ingest", "{\"object\": \"Contact\", \"operation\": \"upsert\","
                        + " \"records\": [{\"LastName\": \"Lovelace\"}]}"),
                call("salesforce.bulk_ingest", "{\"object\": \"Contact\", \"operation\": \"insert\"}"),
                call("salesforce.download_file", "{\"contentVersionId\": \"068RO00000NoNeXYAV\"}"),
                call("salesforce.upload_file", "{\"file\": {\"$blob\": \"sha256:" + "0".repeat(64)
                        + "\", \"size\": 3}, \"pathOnClient\": \"missing.pdf\"}"));
    }
}
