package dev.weft.connector.hubspot;

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
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HubSpot's own ways, as its API reference documents them, met by the connector on the replay of its API. */
class HubSpotReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer server;
    private TestSystem system;

    @BeforeEach
    void start() throws Exception {
        server = HubSpotReplay.start();
        system = HubSpotReplay.system(server, HubSpotReplay.TOKEN);
    }

    @AfterEach
    void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
    }

    private JsonNode call(TestSystem on, String operation, String input) throws Exception {
        try (SystemClient client = new HubSpotConnector().open(on)) {
            return client.invoke(new Call(operation, JSON.readTree(input), "k-" + operation,
                    Duration.ofSeconds(10), new Cancellation()));
        }
    }

    private JsonNode call(String operation, String input) throws Exception {
        return call(system, operation, input);
    }

    private static void fails(ThrowingCallable call, Consumer<ConnectorException> check) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.getMessage()).doesNotContain(HubSpotReplay.TOKEN);
            assertThat(e.details().toString()).doesNotContain(HubSpotReplay.TOKEN);
            check.accept(e);
        });
    }

    @Test
    void listsAndSearchesPageWithTheAfterOfTheAnswerAndASearchWaitsOutItsPerSecondLimit() throws Exception {
        JsonNode first = call("hubspot.list", "{\"objectType\": \"contacts\", \"limit\": 2}");
        assertThat(first.get("results")).extracting(r -> r.get("id").asText()).containsExactly("151", "152");
        assertThat(first.get("next").asText()).isEqualTo("153");
        JsonNode last = call("hubspot.list",
                "{\"objectType\": \"contacts\", \"limit\": 2, \"after\": \"153\"}");
        assertThat(last.get("results")).extracting(r -> r.at("/properties/lastname").asText())
                .containsExactly("Johnson");
        assertThat(last.get("next").isNull()).as("the last page").isTrue();

        String search = "{\"objectType\": \"contacts\", \"filterGroups\": [{\"filters\": [{\"propertyName\":"
                + " \"email\", \"operator\": \"CONTAINS_TOKEN\", \"value\": \"*@example.com\"}]}], \"sorts\":"
                + " [{\"propertyName\": \"createdate\"}], \"properties\": [\"email\"], \"limit\": 2";
        fails(() -> call("hubspot.search", search + "}"), e -> {
            assertThat(e.code()).isEqualTo("hubspot.rate_limited");
            assertThat(e.retryable()).isTrue();
            assertThat(e.rateLimited()).isTrue();
            assertThat(e.retryAfter()).as("the search endpoints allow 5 requests a second")
                    .contains(Duration.ofSeconds(1));
            assertThat(e.details().get("policyName").asText()).isEqualTo("SECONDLY");
        });
        JsonNode page1 = call("hubspot.search", search + "}");
        assertThat(page1.get("total").asInt()).isEqualTo(3);
        assertThat(page1.get("next").asText()).isEqualTo("2");
        JsonNode page2 = call("hubspot.search", search + ", \"after\": \"2\"}");
        assertThat(page2.get("results")).hasSize(1);
        assertThat(page2.get("next").isNull()).isTrue();

        JsonNode a1 = call("hubspot.list_associations", "{\"objectType\": \"deals\", \"id\": \"9001\","
                + " \"toObjectType\": \"line_items\", \"limit\": 1}");
        JsonNode a2 = call("hubspot.list_associations", "{\"objectType\": \"deals\", \"id\": \"9001\","
                + " \"toObjectType\": \"line_items\", \"limit\": 1, \"after\": \"" + a1.get("next").asText()
                + "\"}");
        assertThat(a2.at("/results/0/toObjectId").asText()).isEqualTo("7002");
        assertThat(a2.get("next").isNull()).isTrue();

        fails(() -> call("hubspot.search",
                "{\"objectType\": \"contacts\", \"after\": \"9950\", \"limit\": 100}"),
                e -> {
                    assertThat(e.code()).isEqualTo("hubspot.input");
                    assertThat(e.getMessage()).contains("'after'", "10000", "narrow filterGroups");
                });
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void refusalsNameThePropertyTheExistingIdOrTheScope() {
        fails(() -> call("hubspot.create", "{\"objectType\": \"contacts\", \"properties\": {\"email\":"
                + " \"grace@example.com\", \"firstname\": \"Grace\"}}"), e -> {
                    assertThat(e.code()).isEqualTo("hubspot.conflict");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.details().get("existingId").asText()).isEqualTo("152");
                    assertThat(e.details().get("correlationId").asText()).isNotBlank();
                });
        fails(() -> call("hubspot.create", "{\"objectType\": \"contacts\", \"properties\": {\"email\":"
                + " \"not-an-email\"}}"), e -> {
                    assertThat(e.code()).isEqualTo("hubspot.invalid");
                    assertThat(e.getMessage()).contains("property email",
                            "Email address not-an-email is invalid");
                    assertThat(e.details().get("properties")).extracting(JsonNode::asText)
                            .containsExactly("email");
                });
        fails(() -> call("hubspot.update", "{\"objectType\": \"deals\", \"id\": \"9001\", \"properties\":"
                + " {\"favourite_colour\": \"green\"}}"), e -> {
                    assertThat(e.code()).isEqualTo("hubspot.invalid");
                    assertThat(e.details().get("properties")).extracting(JsonNode::asText)
                            .as("named in the older message's embedded checks")
                            .containsExactly("favourite_colour");
                });
        fails(() -> call("hubspot.get", "{\"objectType\": \"contacts\", \"id\": \"999\"}"), e -> {
            assertThat(e.code()).isEqualTo("hubspot.not_found");
            assertThat(e.getMessage()).contains("GET /crm/v3/objects/contacts/999", "404");
        });
        fails(() -> call("hubspot.get", "{\"objectType\": \"tickets\", \"id\": \"31\"}"), e -> {
            assertThat(e.code()).isEqualTo("hubspot.forbidden");
            assertThat(e.getMessage()).contains("scope", "tickets");
        });
        fails(() -> call("hubspot.get", "{\"objectType\": \"contacts/../owners\", \"id\": \"1\"}"), e -> {
            assertThat(e.code()).isEqualTo("hubspot.input");
            assertThat(e.getMessage()).contains("'objectType'", "contacts/../owners");
        });
        fails(() -> call("hubspot.batch_read", "{\"objectType\": \"contacts\", \"ids\": ["
                + "\"1\", ".repeat(100) + "\"101\"]}"), e -> {
                    assertThat(e.code()).isEqualTo("hubspot.input");
                    assertThat(e.getMessage()).contains("'ids'", "100", "held 101");
                });
        fails(() -> call("hubspot.update",
                "{\"objectType\": \"deals\", \"id\": \"9001\", \"properties\": [1]}"),
                e -> assertThat(e.getMessage()).contains("'properties'", "object of property values"));
        assertThat(server.unmatched()).as("the inputs refused before any request").isEmpty();
    }

    @Test
    void aRevokedTokenIsUnauthorizedAndSaysWhichCredentialToUse() throws Exception {
        TestSystem revoked = HubSpotReplay.system(server, "pat-na1-revoked-0000");
        try {
            fails(() -> call(revoked, "hubspot.get", "{\"objectType\": \"contacts\", \"id\": \"151\"}"),
                    e -> {
                        assertThat(e.code()).isEqualTo("hubspot.unauthorized");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("INVALID_AUTHENTICATION", "bearer", "private app",
                                "oauth2RefreshToken").doesNotContain("pat-na1-revoked-0000");
                    });
            try (SystemClient client = new HubSpotConnector().open(revoked)) {
                assertThat(client.test().ok()).isFalse();
                assertThat(client.test().message()).contains("401");
            }
        } finally {
            ((JettyTransport) revoked.http()).close();
        }
        try (SystemClient client = new HubSpotConnector().open(system)) {
            assertThat(client.test().ok()).isTrue();
        }
    }

    @Test
    void rateLimitsWaitAsHubSpotsHeadersSayAndOutagesAreRetryable() {
        fails(() -> call("hubspot.list", "{\"objectType\": \"companies\"}"), e -> {
            assertThat(e.code()).isEqualTo("hubspot.rate_limited");
            assertThat(e.rateLimited()).isTrue();
            assertThat(e.retryAfter()).as("X-HubSpot-RateLimit-Interval-Milliseconds").contains(
                    Duration.ofSeconds(10));
            assertThat(e.details().get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
            assertThat(e.details().get("X-HubSpot-RateLimit-Remaining").asText()).isEqualTo("0");
        });
        fails(() -> call("hubspot.list", "{\"objectType\": \"deals\"}"), e -> {
            assertThat(e.code()).isEqualTo("hubspot.rate_limited");
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).as("the daily limit resets at the account's midnight").isEmpty();
            assertThat(e.getMessage()).contains("daily limit", "midnight");
        });
        fails(() -> call("hubspot.list", "{\"objectType\": \"tickets\"}"), e -> {
            assertThat(e.code()).isEqualTo("hubspot.unavailable");
            assertThat(e.retryable()).isTrue();
            assertThat(e.rateLimited()).isFalse();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        });
        fails(() -> call("hubspot.get", "{\"objectType\": \"deals\", \"id\": \"9009\"}"), e -> {
            assertThat(e.code()).isEqualTo("hubspot.unavailable");
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("502", "INTERNAL_ERROR");
        });
    }

    @Test
    void batchesAnswerWhatHubSpotDidAndTheInputsItRefused() throws Exception {
        JsonNode read = call("hubspot.batch_read", "{\"objectType\": \"companies\", \"ids\": [\"501\", 502,"
                + " \"503\"], \"properties\": [\"name\", \"domain\"]}");
        assertThat(read.get("results")).extracting(r -> r.get("id").asText()).containsExactly("501", "502");
        assertThat(read.get("numErrors").asInt()).isEqualTo(1);
        assertThat(read.at("/errors/0/code").asText()).isEqualTo("hubspot.not_found");
        assertThat(read.at("/errors/0/ids/0").asText()).isEqualTo("503");
        JsonNode created = call("hubspot.batch_create", "{\"objectType\": \"line_items\", \"inputs\": ["
                + "{\"properties\": {\"hs_product_id\": \"1201\", \"quantity\": 2}, \"associations\": [{\"to\":"
                + " {\"id\": \"9001\"}, \"types\": [{\"associationCategory\": \"HUBSPOT_DEFINED\","
                + " \"associationTypeId\": 20}]}]}, {\"properties\": {\"name\": \"Setup\", \"quantity\": 1,"
                + " \"price\": 400}, \"associations\": [{\"to\": {\"id\": \"9001\"}, \"types\":"
                + " [{\"associationCategory\": \"HUBSPOT_DEFINED\", \"associationTypeId\": 20}]}]}]}");
        assertThat(created.get("errors")).isEmpty();
        assertThat(created.get("results")).extracting(r -> r.at("/properties/amount").asText())
                .containsExactly("180", "400");
        JsonNode deal = call("hubspot.get", "{\"objectType\": \"deals\", \"id\": \"9001\", \"properties\":"
                + " [\"dealname\", \"amount\", \"dealstage\"], \"associations\": [\"contacts\", \"line_items\"]}");
        assertThat(deal.at("/associations/contacts/results/0/id").asText()).isEqualTo("151");
        assertThat(call("hubspot.archive", "{\"objectType\": \"contacts\", \"id\": \"151\"}").get("archived")
                .asBoolean()).isTrue();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    private static PollRequest poll(String config, JsonNode cursor, int max) throws Exception {
        return new PollRequest("hubspot.changed", JSON.readTree(config), cursor, max);
    }

    @Test
    void theTriggerTakesEachChangeOnceOldestFirstPagingThroughATimeManyShare() throws Exception {
        String deals = "{\"objectType\": \"deals\", \"since\": \"2026-12-06T09:00:00Z\", \"properties\":"
                + " [\"dealname\", \"amount\", \"dealstage\"]}";
        try (SystemClient client = new HubSpotConnector().open(system)) {
            PollResult first = client.poll(poll(deals, null, 2));
            assertThat(first.events()).extracting(Event::id)
                    .containsExactly("deals:9001:1796547600000", "deals:9002:1796549400000");
            assertThat(first.more()).isTrue();
            assertThat(first.events().get(0).data().at("/record/properties/dealname").asText())
                    .isEqualTo("Ada Corp renewal");

            PollResult second = client.poll(poll(deals, first.cursor(), 2));
            assertThat(second.events()).as("9002 shares the cursor's time and was taken")
                    .extracting(Event::id)
                    .containsExactly("deals:9003:1796549400000");
            assertThat(second.cursor().get("after").asText()).as("a full page at one time: read on")
                    .isEqualTo(
                            "2");

            PollResult third = client.poll(poll(deals, second.cursor(), 2));
            assertThat(third.events()).extracting(Event::id)
                    .containsExactly("deals:9004:1796549400000", "deals:9005:1796550300000");
            assertThat(third.cursor().get("after").isNull()).isTrue();
            assertThat(third.more()).isFalse();

            PollResult fourth = client.poll(poll(deals, third.cursor(), 2));
            assertThat(fourth.events()).isEmpty();
            assertThat(fourth.cursor()).isEqualTo(third.cursor());

            PollResult contacts = client.poll(poll("{\"objectType\": \"contacts\"}", null, 100));
            assertThat(contacts.events()).as("no backfill without since").isEmpty();
            assertThat(contacts.cursor().get("since").asLong()).isEqualTo(HubSpotReplay.NOW.toEpochMilli());
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
        assertThatThrownBy(() -> new HubSpotConnector().open(system).poll(poll(
                "{\"objectType\": \"deals\", \"since\": \"yesterday\"}", null, 2)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("hubspot.config");
                    assertThat(e.getMessage()).contains("'since'", "2026-12-01T00:00:00Z");
                });
        assertThatThrownBy(() -> new HubSpotConnector().open(system).poll(poll(
                "{\"objectType\": \"deals\", \"settle\": \"soon\"}", null, 2)))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("'settle'", "a duration such as", "soon"));
    }
}
