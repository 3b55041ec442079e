package dev.weft.connector.dynamics;

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
 * The connector contract against the replay of the Dataverse Web API's documented exchanges, with a client
 * secret that must never come back in an output or an error.
 */
class DynamicsConnectorContractIT extends ConnectorContract {
    private static final String ADA = "5a1c0b38-9d31-ef11-8409-000d3a8f1d2c";
    private static final String CONTACT = "7d1b6c2a-3e4f-4a5b-9c8d-0e1f2a3b4c5d";
    private static final String MISSING = "00000000-0000-0000-0000-000000000404";
    private static final String LINES = ", \"customer\": {\"entitySet\": \"accounts\", \"id\": \"" + ADA
            + "\"},"
            + " \"priceListId\": \"0b7f6e1d-2c3b-4a59-8877-665544332211\", \"lines\": [{\"productId\":"
            + " \"3c2d1e0f-aaaa-4bbb-8ccc-0123456789ab\", \"uomId\": \"9f8e7d6c-5b4a-4392-8170-fedcba987654\","
            + " \"quantity\": 2}, {\"description\": \"Installation\", \"quantity\": 1, \"pricePerUnit\": 150}]}";
    private static ReplayServer server;
    private static TestSystem system;

    @BeforeAll
    static void start() throws Exception {
        server = DynamicsReplay.start();
        system = DynamicsReplay.system(server, DynamicsReplay.TOKEN);
    }

    /** Every request the contract made was one Dataverse documents (the replay matched it). */
    @AfterAll
    static void stop() {
        DynamicsReplay.close(system);
        server.close();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new DynamicsConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("dynamics.list",
                        "{\"entitySet\": \"accounts\", \"select\": [\"name\", \"accountnumber\","
                                + " \"revenue\"], \"filter\": \"statecode eq 0\", \"orderby\": \"revenue desc\","
                                + " \"pageSize\": 2, \"maxPages\": 2}"),
                call("dynamics.get", "{\"entitySet\": \"contacts\", \"id\": \"" + CONTACT + "\", \"select\":"
                        + " [\"fullname\", \"emailaddress1\"]}"),
                call("dynamics.get", "{\"entitySet\": \"accounts\", \"key\": {\"accountnumber\": \"A1\"}}"),
                call("dynamics.create", "{\"entitySet\": \"accounts\", \"record\": {\"name\": \"Ada Corp\","
                        + " \"accountnumber\": \"A1\", \"primarycontactid@odata.bind\": \"/contacts("
                        + CONTACT
                        + ")\"}}"),
                call("dynamics.update", "{\"entitySet\": \"accounts\", \"id\": \"" + ADA + "\", \"record\":"
                        + " {\"telephone1\": \"+44 20 7946 0000\"}}"),
                call("dynamics.upsert", "{\"entitySet\": \"accounts\", \"key\": {\"accountnumber\": \"A1\"},"
                        + " \"record\": {\"name\": \"Ada Corp\", \"telephone1\": \"+44 20 7946 0000\"}}"),
                call("dynamics.upsert", "{\"entitySet\": \"accounts\", \"key\": {\"accountnumber\": \"A4\"},"
                        + " \"record\": {\"name\": \"Lovelace Labs\"}, \"returnRecord\": true}"),
                call("dynamics.delete", "{\"entitySet\": \"contacts\", \"id\": \"" + CONTACT + "\"}"),
                call("dynamics.delete", "{\"entitySet\": \"contacts\", \"id\": \"" + MISSING + "\"}"),
                call("dynamics.associate", "{\"entitySet\": \"accounts\", \"id\": \"" + ADA + "\","
                        + " \"relationship\": \"contact_customer_accounts\", \"targetEntitySet\": \"contacts\","
                        + " \"targetId\": \"" + CONTACT + "\"}"),
                call("dynamics.create_order", "{\"name\": \"Order for Ada Corp\"" + LINES),
                call("dynamics.create_invoice", "{\"name\": \"Invoice for Ada Corp\"" + LINES));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("dynamics.get", "{\"entitySet\": \"accounts\", \"id\": \"" + MISSING + "\"}"),
                call("dynamics.get", "{\"entitySet\": \"accounts\", \"id\": \"not-a-guid\"}"),
                call("dynamics.get", "{\"entitySet\": \"accounts/../x\", \"id\": \"" + ADA + "\"}"),
                call("dynamics.create", "{\"entitySet\": \"accounts\", \"record\": {\"name\": \"Ada Corp\","
                        + " \"revenue\": \"lots\"}}"),
                call("dynamics.update",
                        "{\"entitySet\": \"accounts\", \"id\": \"" + MISSING + "\", \"record\":"
                                + " {\"telephone1\": \"+44 20 7946 0000\"}}"),
                call("dynamics.upsert", "{\"entitySet\": \"accounts\", \"key\": {\"accountnumber\": \"A1\"},"
                        + " \"record\": {\"name\": \"Ada Corp\"}, \"createOnly\": true}"),
                call("dynamics.get",
                        "{\"entitySet\": \"invoices\", \"id\": \"2f3e4d5c-6b7a-4899-8b7c-6d5e4f3a2b1c\"}"),
                call("dynamics.list", "{\"entitySet\": \"accounts\", \"nextLink\":"
                        + " \"https://elsewhere.example/api/data/v9.2/accounts\"}"));
    }
}
