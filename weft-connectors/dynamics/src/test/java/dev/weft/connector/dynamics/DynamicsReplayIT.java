package dev.weft.connector.dynamics;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dataverse's own ways, as its Web API reference documents them, met by the connector on the replay. */
class DynamicsReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADA = "5a1c0b38-9d31-ef11-8409-000d3a8f1d2c";
    private static final String MISSING = "00000000-0000-0000-0000-000000000404";
    private ReplayServer server;
    private TestSystem system;

    @BeforeEach
    void start() throws Exception {
        server = DynamicsReplay.start();
        system = DynamicsReplay.system(server, DynamicsReplay.TOKEN);
    }

    @AfterEach
    void stop() {
        DynamicsReplay.close(system);
        server.close();
    }

    private JsonNode call(TestSystem on, String operation, String input) throws Exception {
        try (SystemClient client = new DynamicsConnector().open(on)) {
            return client.invoke(new Call(operation, JSON.readTree(input), "k-" + operation,
                    Duration.ofSeconds(10), new Cancellation()));
        }
    }

    private ConnectorException failure(String operation, String input) {
        try {
            JsonNode out = call(system, operation, input);
            throw new AssertionError(operation + " " + input + " was expected to fail, but answered " + out);
        } catch (ConnectorException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aListFollowsNextLinksAndHandsBackTheLinkWhereItStopped() throws Exception {
        String accounts = "{\"entitySet\": \"accounts\", \"select\": [\"name\", \"accountnumber\", \"revenue\"],"
                + " \"filter\": \"statecode eq 0\", \"orderby\": \"revenue desc\", \"pageSize\": 2";
        JsonNode first = call(system, "dynamics.list", accounts + "}");
        assertThat(first.get("items")).extracting(a -> a.get("accountnumber").asText()).containsExactly("A1",
                "A2");
        String next = first.get("nextLink").asText();
        assertThat(next).startsWith(DynamicsReplay.ORG + "/api/data/v9.2/accounts?").contains("$skiptoken=");
        JsonNode rest = call(system, "dynamics.list", "{\"entitySet\": \"accounts\", \"pageSize\": 2,"
                + " \"nextLink\": \"" + next + "\"}");
        assertThat(rest.get("items")).extracting(a -> a.get("accountnumber").asText()).containsExactly("A3");
        assertThat(rest.has("nextLink")).as("the last page").isFalse();
        JsonNode all = call(system, "dynamics.list", accounts + ", \"maxPages\": 5}");
        assertThat(all.get("items")).hasSize(3);
        assertThat(server.received()).allSatisfy(r -> {
            assertThat(r.header("OData-Version")).isEqualTo("4.0");
            assertThat(r.header("Prefer")).isEqualTo("odata.maxpagesize=2");
        });
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void writesAnswerTheIdDataverseGivesAndAnUpdateNeverCreates() throws Exception {
        assertThat(call(system, "dynamics.create",
                "{\"entitySet\": \"accounts\", \"record\": {\"name\": \"Ada"
                        + " Corp\", \"accountnumber\": \"A1\", \"primarycontactid@odata.bind\":"
                        + " \"/contacts(7d1b6c2a-3e4f-4a5b-9c8d-0e1f2a3b4c5d)\"}}")
                .get("id").asText()).isEqualTo(ADA);
        JsonNode created = call(system, "dynamics.upsert", "{\"entitySet\": \"accounts\", \"key\":"
                + " {\"accountnumber\": \"A4\"}, \"record\": {\"name\": \"Lovelace Labs\"}, \"returnRecord\": true}");
        assertThat(created.get("created").asBoolean()).isTrue();
        assertThat(created.at("/record/accountnumber").asText()).isEqualTo("A4");

        ConnectorException absent = failure("dynamics.update", "{\"entitySet\": \"accounts\", \"id\": \""
                + MISSING + "\", \"record\": {\"telephone1\": \"+44 20 7946 0000\"}}");
        assertThat(absent.code()).isEqualTo("dynamics.not_found");
        assertThat(absent.getMessage()).contains("Does Not Exist", "0x80040217");
        assertThat(server.received()).filteredOn(r -> r.path().contains(MISSING))
                .allSatisfy(r -> assertThat(r.header("If-Match")).as("so that PATCH cannot create")
                        .isEqualTo("*"));

        ConnectorException stale = failure("dynamics.update", "{\"entitySet\": \"accounts\", \"id\": \"" + ADA
                + "\", \"etag\": \"W/\\\"4410000\\\"\", \"record\": {\"telephone1\": \"+44 20 7946 0001\"}}");
        assertThat(stale.code()).isEqualTo("dynamics.precondition_failed");
        ConnectorException exists = failure("dynamics.upsert", "{\"entitySet\": \"accounts\", \"key\":"
                + " {\"accountnumber\": \"A1\"}, \"record\": {\"name\": \"Ada Corp\"}, \"createOnly\": true}");
        assertThat(exists.code()).isEqualTo("dynamics.precondition_failed");
        assertThat(exists.getMessage()).contains("matching key values already exists");

        assertThat(
                call(system, "dynamics.delete", "{\"entitySet\": \"contacts\", \"id\": \"" + MISSING + "\"}")
                        .get("existed").asBoolean())
                .as("a retried delete").isFalse();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void anInvoiceIsCreatedWithItsLinesInOneRequest() throws Exception {
        JsonNode invoice = call(system, "dynamics.create_invoice", "{\"name\": \"Invoice for Ada Corp\","
                + " \"customer\": {\"entitySet\": \"accounts\", \"id\": \"" + ADA + "\"}, \"priceListId\":"
                + " \"0b7f6e1d-2c3b-4a59-8877-665544332211\", \"lines\": [{\"productId\":"
                + " \"3c2d1e0f-aaaa-4bbb-8ccc-0123456789ab\", \"uomId\": \"9f8e7d6c-5b4a-4392-8170-fedcba987654\","
                + " \"quantity\": 2}, {\"description\": \"Installation\", \"quantity\": 1, \"pricePerUnit\": 150}]}");
        assertThat(invoice.get("id").asText()).isEqualTo("2f3e4d5c-6b7a-4899-8b7c-6d5e4f3a2b1c");
        assertThat(invoice.at("/record/totalamount").asDouble()).isEqualTo(350.0);
        assertThat(server.received()).hasSize(1);
        assertThat(JSON.readTree(server.received().get(0).body()).get("invoice_details")).hasSize(2);

        ConnectorException noUnit = failure("dynamics.create_order", "{\"name\": \"O\", \"customer\":"
                + " {\"entitySet\": \"accounts\", \"id\": \"" + ADA + "\"}, \"priceListId\":"
                + " \"0b7f6e1d-2c3b-4a59-8877-665544332211\", \"lines\": [{\"productId\":"
                + " \"3c2d1e0f-aaaa-4bbb-8ccc-0123456789ab\", \"quantity\": 2}]}");
        assertThat(noUnit.code()).isEqualTo("dynamics.input");
        assertThat(noUnit.getMessage()).contains("'lines[0].uomId'", "uomid");
    }

    @Test
    void throttlingServerErrorsAndValidationAreTyped() throws Exception {
        String contacts = "{\"entitySet\": \"contacts\", \"select\": [\"fullname\"], \"filter\": \"statecode eq 0\"}";
        ConnectorException limited = failure("dynamics.list", contacts);
        assertThat(limited.code()).isEqualTo("dynamics.rate_limited");
        assertThat(limited.rateLimited()).isTrue();
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(93));
        assertThat(limited.getMessage()).contains("Number of requests exceeded", "0x80072322");
        assertThat(call(system, "dynamics.list", contacts).get("items")).as("after the wait").hasSize(1);

        ConnectorException down = failure("dynamics.get", "{\"entitySet\": \"invoices\", \"id\":"
                + " \"2f3e4d5c-6b7a-4899-8b7c-6d5e4f3a2b1c\"}");
        assertThat(down.code()).isEqualTo("dynamics.unavailable");
        assertThat(down.retryable()).isTrue();

        ConnectorException invalid = failure("dynamics.create", "{\"entitySet\": \"accounts\", \"record\":"
                + " {\"name\": \"Ada Corp\", \"revenue\": \"lots\"}}");
        assertThat(invalid.code()).isEqualTo("dynamics.invalid");
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.getMessage()).contains("400", "Cannot convert the literal 'lots'");
        assertThat(invalid.details().get("code").asText()).isEqualTo("0x80048d19");

        assertThat(failure("dynamics.get", "{\"entitySet\": \"accounts\", \"id\": \"A1\"}").getMessage())
                .contains("'id'", "GUID");
        assertThat(failure("dynamics.get", "{\"entitySet\": \"accounts\", \"id\": \"" + ADA + "\", \"key\":"
                + " {\"accountnumber\": \"A1\"}}").getMessage()).contains("'key'", "give one of them");
        assertThat(failure("dynamics.list", "{\"entitySet\": \"accounts\", \"nextLink\":"
                + " \"https://elsewhere.example/api/data/v9.2/accounts?$skiptoken=1\"}").getMessage())
                .contains("outside the service root");
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void aTokenDataverseRefusesSaysWhichCredentialToUse() throws Exception {
        TestSystem expired = DynamicsReplay.system(server, "expired-token");
        try {
            try (SystemClient client = new DynamicsConnector().open(expired)) {
                var verdict = client.test();
                assertThat(verdict.ok()).isFalse();
                assertThat(verdict.message()).contains("401", "oauth2ClientCredentials", ".default")
                        .doesNotContain("expired-token");
            }
        } finally {
            DynamicsReplay.close(expired);
        }
        try (SystemClient client = new DynamicsConnector().open(system)) {
            assertThat(client.test().ok()).isTrue();
        }
    }

    @Test
    void theTriggerTakesEachChangeOnceAcrossPagesAndPolls() throws Exception {
        JsonNode config = JSON.readTree("{\"entitySet\": \"accounts\", \"filter\": \"statecode eq 0\","
                + " \"select\": [\"name\", \"accountnumber\"], \"since\": \"2026-12-06T09:00:00Z\"}");
        TestSystem at11 = system
                .withClock(Clock.fixed(Instant.parse("2026-12-06T11:00:00Z"), ZoneOffset.UTC));
        JsonNode settled;
        try (SystemClient client = new DynamicsConnector().open(at11)) {
            PollResult first = client.poll(new PollRequest("dynamics.changed", config, null, 2));
            assertThat(first.events()).extracting(Event::id).containsExactly(
                    "accounts:" + ADA + ":2026-12-06T09:00:00Z",
                    "accounts:6b2d1c49-ae42-ef11-8409-000d3a8f1d2c:2026-12-06T10:00:00Z");
            assertThat(first.more()).as("Dataverse gave a next link").isTrue();
            PollResult second = client.poll(new PollRequest("dynamics.changed", config, first.cursor(), 2));
            assertThat(second.events()).extracting(e -> e.data().at("/record/accountnumber").asText())
                    .containsExactly("A3");
            assertThat(second.more()).isFalse();
            PollResult third = client.poll(new PollRequest("dynamics.changed", config, second.cursor(), 2));
            assertThat(third.events()).as("both records at 10:00 were taken").isEmpty();
            assertThat(third.cursor()).isEqualTo(second.cursor());
            settled = third.cursor();
        }
        // A change stamped 10:59:30 committed after the 11:00 poll, which asked only for times before 10:58:00:
        // the mark stayed at 10:00, and the poll at 11:05 takes it.
        try (SystemClient client = new DynamicsConnector().open(
                system.withClock(Clock.fixed(Instant.parse("2026-12-06T11:05:00Z"), ZoneOffset.UTC)))) {
            PollResult late = client.poll(new PollRequest("dynamics.changed", config, settled, 10));
            assertThat(late.events()).extracting(Event::id)
                    .containsExactly("accounts:8d4f3e6b-c064-ef11-8409-000d3a8f1d2c:2026-12-06T10:59:30Z");
        }
        try (SystemClient client = new DynamicsConnector().open(at11)) {
            PollResult none = client.poll(new PollRequest("dynamics.changed",
                    JSON.readTree("{\"entitySet\": \"invoices\"}"), null, 100));
            assertThat(none.events()).isEmpty();
            assertThat(none.cursor().get("since").asText()).isEqualTo("2026-12-06T11:00:00Z");
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void aCallWhosePreconditionARetryWouldFailIsNotRepeatable() throws Exception {
        try (SystemClient client = new DynamicsConnector().open(system)) {
            java.util.function.BiFunction<String, String, Boolean> repeatable = (op, input) -> {
                try {
                    return client.repeatable(new Call(op, JSON.readTree(input), "k", Duration.ofSeconds(1),
                            new Cancellation()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            };
            String id = "\"entitySet\": \"accounts\", \"id\": \"5a1c0b38-9d31-ef11-8409-000d3a8f1d2c\"";
            assertThat(repeatable.apply("dynamics.update", "{" + id + ", \"record\": {}}")).isTrue();
            assertThat(repeatable.apply("dynamics.update",
                    "{" + id + ", \"record\": {}, \"etag\": \"W/\\\"1\\\"\"}"))
                    .isFalse();
            assertThat(repeatable.apply("dynamics.upsert",
                    "{\"entitySet\": \"accounts\", \"createOnly\": true}"))
                    .isFalse();
            assertThat(repeatable.apply("dynamics.associate", "{" + id + "}")).isFalse();
            assertThat(repeatable.apply("dynamics.delete", "{" + id + "}")).isTrue();
        }
    }
}
