package dev.weft.connector.sap;

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
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SAP Gateway's own ways, as SAP documents them, met by the connector on the replay of its services. */
class SapReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer server;
    private final List<TestSystem> systems = new ArrayList<>();

    @BeforeEach
    void start() {
        server = SapReplay.start();
    }

    @AfterEach
    void stop() {
        systems.forEach(SapReplay::close);
        server.close();
    }

    private TestSystem system(String serviceUrl, String version, String sapClient) throws Exception {
        TestSystem s = SapReplay.system(server, serviceUrl, version, sapClient);
        systems.add(s);
        return s;
    }

    private static JsonNode call(SystemClient client, String operation, String input) throws Exception {
        return client.invoke(new Call(operation, JSON.readTree(input), "k-" + operation + input.hashCode(),
                Duration.ofSeconds(10), new Cancellation()));
    }

    private static ConnectorException failure(SystemClient client, String operation, String input) {
        try {
            JsonNode out = call(client, operation, input);
            throw new AssertionError(operation + " " + input + " was expected to fail, but answered " + out);
        } catch (ConnectorException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void writesCarryTheCsrfTokenAndItsSessionCookiesFetchedAgainOnceWhenSapSaysRequired() throws Exception {
        try (SystemClient client = new SapConnector().open(system(SapReplay.BUSINESS_PARTNER, "v2", null))) {
            JsonNode out = call(client, "sap.update",
                    "{\"entitySet\": \"A_BusinessPartner\", \"key\": \"1000123\","
                            + " \"record\": {\"SearchTerm1\": \"ADACORP\"}}");
            assertThat(out.get("etag").asText()).contains("09%3A30");
        }
        assertThat(server.received()).extracting(ReplayServer.Received::exchange).containsExactly(
                "get a business partner",
                "fetch a CSRF token of API_BUSINESS_PARTNER (session s1-QnVzaW5lc3NQYXJ0bmVy%3d)",
                "the 403 SAP answers a write whose token's session expired",
                "fetch a CSRF token of API_BUSINESS_PARTNER (session s2-U2Vzc2lvblR3bw%3d%3d)",
                "update a business partner with its ETag");
        ReplayServer.Received refused = server.received().get(2);
        // The connector's own cookies, and nothing else: the platform's client keeps no cookie jar.
        assertThat(refused.header("Cookie"))
                .isEqualTo("SAP_SESSIONID_S4H_100=s1-QnVzaW5lc3NQYXJ0bmVy%3d;"
                        + " sap-usercontext=sap-client=100");
        ReplayServer.Received update = server.received().get(4);
        assertThat(update.header("x-csrf-token")).isEqualTo("bp-token-2");
        assertThat(update.header("Cookie")).as("the cookies of the new token's session")
                .isEqualTo("SAP_SESSIONID_S4H_100=s2-U2Vzc2lvblR3bw%3d%3d; sap-usercontext=sap-client=100");
        assertThat(update.header("If-Match")).as("the ETag read first")
                .isEqualTo("W/\"datetimeoffset'2026-12-06T09%3A00%3A00.0000000Z'\"");
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void listsFollowV2NextAndV4RelativeNextLinks() throws Exception {
        try (SystemClient client = new SapConnector().open(system(SapReplay.BUSINESS_PARTNER, "v2", null))) {
            String input = "{\"entitySet\": \"A_BusinessPartner\", \"filter\": \"BusinessPartnerCategory eq '2'\","
                    + " \"select\": [\"BusinessPartner\", \"BusinessPartnerFullName\"]";
            JsonNode first = call(client, "sap.list", input + "}");
            assertThat(first.get("items")).hasSize(2);
            assertThat(first.get("nextLink").asText())
                    .startsWith(SapReplay.BUSINESS_PARTNER + "/A_BusinessPartner?");
            JsonNode rest = call(client, "sap.list", "{\"entitySet\": \"A_BusinessPartner\", \"nextLink\": \""
                    + first.get("nextLink").asText() + "\"}");
            assertThat(rest.get("items")).extracting(bp -> bp.get("BusinessPartnerFullName").asText())
                    .containsExactly("Curie SA");
            assertThat(rest.has("nextLink")).isFalse();
        }
        try (SystemClient client = new SapConnector().open(system(SapReplay.SALES_ORDER_V4, "v4", null))) {
            JsonNode all = call(client, "sap.list",
                    "{\"entitySet\": \"SalesOrder\", \"select\": [\"SalesOrder\","
                            + " \"SoldToParty\", \"TotalNetAmount\"], \"top\": 3, \"maxPages\": 5}");
            assertThat(all.get("items")).extracting(so -> so.get("SalesOrder").asText()).containsExactly("1",
                    "2",
                    "3");
        }
        assertThat(server.received()).filteredOn(r -> r.path().contains("odata4"))
                .allSatisfy(r -> assertThat(r.header("OData-Version")).isEqualTo("4.0"));
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void aBatchIsAnsweredPerRequestAndARefusedChangesetFailsWithSapsMessage() throws Exception {
        String batch = "{\"requests\": [{\"method\": \"POST\", \"path\": \"A_BusinessPartner\", \"body\":"
                + " {\"BusinessPartnerCategory\": \"2\", \"BusinessPartnerGrouping\": \"BP02\","
                + " \"OrganizationBPName1\": \"Ada Corp\"}}, {\"method\": \"PATCH\", \"path\":"
                + " \"A_BusinessPartner('1000123')\", \"body\": {\"SearchTerm1\": \"ADACORP\"}, \"etag\":"
                + " \"W/\\\"datetimeoffset'2026-12-06T09%3A00%3A00.0000000Z'\\\"\"}, {\"method\": \"GET\", \"path\":"
                + " \"A_BusinessPartner('1000123')\"}]";
        try (SystemClient client = new SapConnector().open(system(SapReplay.BUSINESS_PARTNER, "v2", null))) {
            JsonNode answered = call(client, "sap.batch", batch + "}");
            assertThat(answered.get("responses")).extracting(r -> r.get("status").asInt()).containsExactly(
                    201,
                    204, 200);
            assertThat(answered.at("/responses/0/body/BusinessPartner").asText()).isEqualTo("1000127");
            assertThat(answered.at("/responses/0/location").asText())
                    .endsWith("A_BusinessPartner('1000127')");
            assertThat(answered.at("/responses/2/body/OrganizationBPName1").asText()).isEqualTo("Ada Corp");
            String sent = server.received().get(1).body();
            assertThat(sent).contains("Content-Type: multipart/mixed; boundary=changeset_",
                    "POST A_BusinessPartner HTTP/1.1\r\n", "PATCH A_BusinessPartner('1000123') HTTP/1.1\r\n",
                    "If-Match: W/\"datetimeoffset'2026-12-06T09%3A00%3A00.0000000Z'\"\r\n",
                    "GET A_BusinessPartner('1000123') HTTP/1.1\r\n");
            assertThat(sent.indexOf("GET A_BusinessPartner")).as("the read after the changeset")
                    .isGreaterThan(sent.lastIndexOf("--changeset_"));

            ConnectorException refused = failure(client, "sap.batch", batch + "}");
            assertThat(refused.code()).isEqualTo("sap.invalid");
            assertThat(refused.getMessage()).contains("request 1 of the batch",
                    "Enter a name for the organization");
            JsonNode lenient = call(client, "sap.batch", batch + ", \"failOnError\": false}");
            assertThat(lenient.get("responses")).extracting(r -> r.get("status").asInt()).as("the refused"
                    + " changeset answers for both its writes").containsExactly(400, 400, 200);
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void refusalsAreTypedAndSayWhatToFix() throws Exception {
        try (SystemClient client = new SapConnector().open(system(SapReplay.BUSINESS_PARTNER, "v2", null))) {
            ConnectorException missing = failure(client, "sap.get", "{\"entitySet\": \"A_BusinessPartner\","
                    + " \"key\": \"999\"}");
            assertThat(missing.code()).isEqualTo("sap.not_found");
            assertThat(missing.getMessage()).contains("Resource not found for segment")
                    .doesNotContain("SAP_Note");

            ConnectorException invalid = failure(client, "sap.create",
                    "{\"entitySet\": \"A_BusinessPartner\","
                            + " \"record\": {\"BusinessPartnerCategory\": \"2\", \"BusinessPartnerGrouping\": \"BP02\"}}");
            assertThat(invalid.code()).isEqualTo("sap.invalid");
            assertThat(invalid.getMessage()).contains("Enter a name for the organization [R11/401]",
                    "Business partner could not be created");

            ConnectorException limited = failure(client, "sap.get", "{\"entitySet\": \"A_BusinessPartner\","
                    + " \"key\": \"1000125\"}");
            assertThat(limited.rateLimited()).isTrue();
            assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(call(client, "sap.get", "{\"entitySet\": \"A_BusinessPartner\", \"key\": \"1000125\"}")
                    .get("BusinessPartner").asText()).as("after the wait").isEqualTo("1000125");

            ConnectorException down = failure(client, "sap.get", "{\"entitySet\": \"A_BusinessPartner\","
                    + " \"key\": \"1000126\"}");
            assertThat(down.code()).isEqualTo("sap.unavailable");
            assertThat(down.retryable()).isTrue();
            assertThat(down.getMessage()).contains("503 Service Unavailable").doesNotContain("<h2>");

            assertThat(failure(client, "sap.update",
                    "{\"entitySet\": \"A_BusinessPartner\", \"key\": \"1000123\","
                            + " \"record\": {\"SearchTerm1\": \"X\"}, \"method\": \"POST\"}")
                    .getMessage())
                    .contains("'method'", "MERGE");
        }
        TestSystem wrong = SapReplay.system(server, SapReplay.BUSINESS_PARTNER, "v2", null, "wrong-password");
        systems.add(wrong);
        try (SystemClient client = new SapConnector().open(wrong)) {
            var verdict = client.test();
            assertThat(verdict.ok()).isFalse();
            assertThat(verdict.message()).contains("401", "Logon failed", "basic credential")
                    .doesNotContain("wrong-password");
        }
        assertThatThrownBy(() -> new SapConnector().open(SapReplay.system(server, SapReplay.BUSINESS_PARTNER,
                "v3", null))).isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("config.version", "v2 or v4"));
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void salesOrdersWithItemsOverODataFour() throws Exception {
        try (SystemClient client = new SapConnector().open(system(SapReplay.SALES_ORDER_V4, "v4", null))) {
            JsonNode order = call(client, "sap.create_sales_order", SapConnectorContractIT.ORDER);
            assertThat(order.get("SalesOrder").asText()).isEqualTo("5");
            assertThat(JSON.readTree(server.received().get(1).body()).get("_Item").get(0).get("Product")
                    .asText())
                    .isEqualTo("TG11");
            ConnectorException refused = failure(client, "sap.create_sales_order",
                    SapConnectorContractIT.ORDER
                            .replace("17100001", "99999999"));
            assertThat(refused.code()).isEqualTo("sap.invalid");
            assertThat(refused.getMessage()).contains(
                    "Sold-to party 99999999 not maintained for sales area 1710 10 00 [V1/390]",
                    "Sales document was not changed [V4/219]");
            assertThat(refused.details().get("code").asText()).isEqualTo("V1/390");
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    private static Clock at(String time) {
        return Clock.fixed(Instant.parse("2026-12-06T" + time + ":00Z"), ZoneOffset.UTC);
    }

    @Test
    void theTriggerTakesEachChangeOnceEvenWhenAPageSharesOneTime() throws Exception {
        JsonNode config = JSON
                .readTree("{\"entitySet\": \"A_SalesOrder\", \"keys\": [\"SalesOrder\"], \"since\":"
                        + " \"2026-12-06T09:00:00Z\"}");
        TestSystem salesOrders = system(SapReplay.SALES_ORDER, "v2", "100");
        JsonNode settled;
        try (SystemClient client = new SapConnector().open(salesOrders.withClock(at("11:00")))) {
            PollResult first = client.poll(new PollRequest("sap.changed", config, null, 2));
            assertThat(first.events()).extracting(Event::id).containsExactly(
                    "A_SalesOrder:1:2026-12-06T09:00:00Z", "A_SalesOrder:2:2026-12-06T10:00:00Z");
            assertThat(first.more()).isTrue();
            PollResult second = client.poll(new PollRequest("sap.changed", config, first.cursor(), 2));
            assertThat(second.events()).extracting(Event::id)
                    .containsExactly("A_SalesOrder:3:2026-12-06T10:00:00Z");
            assertThat(second.cursor().get("skip").asInt()).as("the whole page was at 10:00").isEqualTo(2);
            PollResult third = client.poll(new PollRequest("sap.changed", config, second.cursor(), 2));
            assertThat(third.events()).isEmpty();
            assertThat(third.more()).isFalse();
            assertThat(third.cursor().get("skip").asInt()).isZero();
            settled = third.cursor();
            assertThatThrownBy(() -> client.poll(new PollRequest("sap.changed", JSON.readTree(
                    "{\"entitySet\": \"A_SalesOrder\", \"keys\": [\"SalesOrder\"], \"since\": \"yesterday\"}"),
                    null, 2))).isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.getMessage()).contains("'since'", "2026-12-01T00:00:00Z"));
        }
        // Order 4 changed at 10:58, and its update task wrote it after the 11:00 poll, which read only times
        // before 10:55: the mark stayed at 10:00, and the poll at 11:10 takes it.
        try (SystemClient client = new SapConnector().open(salesOrders.withClock(at("11:10")))) {
            PollResult late = client.poll(new PollRequest("sap.changed", config, settled, 10));
            assertThat(late.events()).extracting(Event::id)
                    .containsExactly("A_SalesOrder:4:2026-12-06T10:58:00Z");
        }
        assertThat(server.received())
                .allSatisfy(r -> assertThat(r.query()).containsEntry("sap-client", "100"));
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }
}
