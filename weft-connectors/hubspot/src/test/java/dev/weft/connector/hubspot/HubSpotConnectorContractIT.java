package dev.weft.connector.hubspot;

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
 * The connector contract against the replay of HubSpot's documented API, with a private app's token that must
 * never come back in an output or an error.
 */
class HubSpotConnectorContractIT extends ConnectorContract {
    private static ReplayServer server;
    private static TestSystem system;

    @BeforeAll
    static void start() throws Exception {
        server = HubSpotReplay.start();
        system = HubSpotReplay.system(server, HubSpotReplay.TOKEN);
    }

    /** Every request the contract made was one HubSpot documents (the replay matched it). */
    @AfterAll
    static void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new HubSpotConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("hubspot.create", "{\"objectType\": \"contacts\", \"properties\": {\"email\":"
                        + " \"ada@example.com\", \"firstname\": \"Ada\", \"lastname\": \"Lovelace\"}}"),
                call("hubspot.create", "{\"objectType\": \"line_items\", \"properties\": {\"hs_product_id\":"
                        + " \"1201\", \"quantity\": 2, \"price\": 90}, \"associations\": [{\"to\": {\"id\": \"9001\"},"
                        + " \"types\": [{\"associationCategory\": \"HUBSPOT_DEFINED\", \"associationTypeId\": 20}]}]}"),
                call("hubspot.get",
                        "{\"objectType\": \"deals\", \"id\": \"9001\", \"properties\": [\"dealname\","
                                + " \"amount\", \"dealstage\"], \"associations\": [\"contacts\", \"line_items\"]}"),
                call("hubspot.get",
                        "{\"objectType\": \"contacts\", \"id\": \"ada@example.com\", \"idProperty\":"
                                + " \"email\"}"),
                call("hubspot.update",
                        "{\"objectType\": \"deals\", \"id\": 9001, \"properties\": {\"dealstage\":"
                                + " \"closedwon\"}}"),
                call("hubspot.archive", "{\"objectType\": \"contacts\", \"id\": \"151\"}"),
                call("hubspot.list", "{\"objectType\": \"contacts\", \"limit\": 2}"),
                call("hubspot.list",
                        "{\"objectType\": \"products\", \"limit\": 100, \"properties\": [\"name\","
                                + " \"price\", \"hs_sku\"]}"),
                call("hubspot.search", "{\"objectType\": \"deals\", \"filterGroups\": [{\"filters\":"
                        + " [{\"propertyName\": \"dealstage\", \"operator\": \"EQ\", \"value\": \"closedwon\"},"
                        + " {\"propertyName\": \"closedate\", \"operator\": \"GTE\", \"value\":"
                        + " \"2026-12-01T00:00:00Z\"}]}], \"sorts\": [{\"propertyName\": \"amount\", \"direction\":"
                        + " \"DESCENDING\"}], \"properties\": [\"dealname\", \"amount\"], \"limit\": 50}"),
                call("hubspot.batch_create", "{\"objectType\": \"line_items\", \"inputs\": [{\"properties\":"
                        + " {\"hs_product_id\": \"1201\", \"quantity\": 2}, \"associations\": [{\"to\": {\"id\":"
                        + " \"9001\"}, \"types\": [{\"associationCategory\": \"HUBSPOT_DEFINED\","
                        + " \"associationTypeId\": 20}]}]}, {\"properties\": {\"name\": \"Setup\", \"quantity\": 1,"
                        + " \"price\": 400}, \"associations\": [{\"to\": {\"id\": \"9001\"}, \"types\":"
                        + " [{\"associationCategory\": \"HUBSPOT_DEFINED\", \"associationTypeId\": 20}]}]}]}"),
                call("hubspot.batch_update", "{\"objectType\": \"contacts\", \"inputs\": [{\"id\": \"151\","
                        + " \"properties\": {\"lifecyclestage\": \"customer\"}}, {\"id\": \"152\", \"properties\":"
                        + " {\"lifecyclestage\": \"customer\"}}]}"),
                call("hubspot.batch_read",
                        "{\"objectType\": \"companies\", \"ids\": [\"501\", \"502\", \"503\"],"
                                + " \"properties\": [\"name\", \"domain\"]}"),
                call("hubspot.associate", "{\"fromObjectType\": \"contacts\", \"fromId\": \"151\","
                        + " \"toObjectType\": \"companies\", \"toId\": \"501\"}"),
                call("hubspot.associate",
                        "{\"fromObjectType\": \"contacts\", \"fromId\": 151, \"toObjectType\":"
                                + " \"companies\", \"toId\": 501, \"types\": [{\"associationCategory\": \"USER_DEFINED\","
                                + " \"associationTypeId\": 36}]}"),
                call("hubspot.list_associations",
                        "{\"objectType\": \"deals\", \"id\": \"9001\", \"toObjectType\":"
                                + " \"line_items\"}"),
                call("hubspot.unassociate", "{\"fromObjectType\": \"deals\", \"fromId\": \"9001\","
                        + " \"toObjectType\": \"contacts\", \"toId\": \"151\"}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(
                call("hubspot.create", "{\"objectType\": \"contacts\", \"properties\": {\"email\":"
                        + " \"grace@example.com\", \"firstname\": \"Grace\"}}"),
                call("hubspot.create", "{\"objectType\": \"contacts\", \"properties\": {\"email\":"
                        + " \"not-an-email\"}}"),
                call("hubspot.get", "{\"objectType\": \"contacts\", \"id\": \"999\"}"),
                call("hubspot.get", "{\"objectType\": \"tickets\", \"id\": \"31\"}"),
                call("hubspot.get", "{\"objectType\": \"deals\", \"id\": \"9009\"}"),
                call("hubspot.get", "{\"objectType\": \"../contacts\", \"id\": \"1\"}"),
                call("hubspot.update", "{\"objectType\": \"deals\", \"id\": \"9001\", \"properties\":"
                        + " {\"favourite_colour\": \"green\"}}"),
                call("hubspot.list", "{\"objectType\": \"companies\"}"),
                call("hubspot.list", "{\"objectType\": \"deals\"}"),
                call("hubspot.list", "{\"objectType\": \"tickets\"}"),
                call("hubspot.search",
                        "{\"objectType\": \"contacts\", \"after\": \"9950\", \"limit\": 100}"));
    }
}
