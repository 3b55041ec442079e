package dev.weft.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.PollRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How the trigger's cursor moves on pages of search results, including at the search's 10,000 results. */
class ChangedTriggerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static JsonNode page(String after, String... modified) throws Exception {
        StringBuilder results = new StringBuilder();
        for (int i = 0; i < modified.length; i++) {
            results.append(i == 0 ? "" : ",").append("{\"id\": \"").append(100 + i)
                    .append("\", \"properties\": {\"lastmodifieddate\": \"").append(modified[i])
                    .append("\"}, \"updatedAt\": \"").append(modified[i]).append("\"}");
        }
        return JSON.readTree("{\"results\": [" + results + "]"
                + (after == null ? "" : ", \"paging\": {\"next\": {\"after\": \"" + after + "\"}}") + "}");
    }

    @Test
    void contactsAreOrderedByLastmodifieddateAndEveryOtherTypeByHsLastmodifieddate() throws Exception {
        ChangedTrigger.Query contacts = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME,
                JSON.readTree("{\"objectType\": \"contacts\", \"properties\": [\"email\"]}"), null, 500),
                NOW);
        assertThat(contacts.body().at("/sorts/0/propertyName").asText()).isEqualTo("lastmodifieddate");
        assertThat(contacts.body().get("properties")).extracting(JsonNode::asText)
                .containsExactly("email", "lastmodifieddate");
        assertThat(contacts.body().get("limit").asInt()).as("a search page holds 200 at most").isEqualTo(200);
        ChangedTrigger.Query companies = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME,
                JSON.readTree("{\"objectType\": \"companies\", \"settle\": \"1m\"}"), null, 10), NOW);
        assertThat(companies.property()).isEqualTo("hs_lastmodifieddate");
        assertThat(companies.body().at("/filterGroups/0/filters/1/value").asText())
                .isEqualTo(Long.toString(NOW.minusSeconds(60).toEpochMilli()));
        assertThat(companies.body().has("properties")).as("HubSpot's defaults").isFalse();
    }

    @Test
    void aFullPageAtOneTimeReadsOnAndPastTheTenThousandthResultMovesPastThatMillisecond() throws Exception {
        String t = "2026-12-06T09:30:00.000Z";
        long ms = Instant.parse(t).toEpochMilli();
        JsonNode cursor = JSON.readTree("{\"objectType\": \"contacts\", \"since\": " + ms
                + ", \"seen\": [\"100\"], \"after\": \"9796\"}");
        ChangedTrigger.Query query = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME,
                JSON.readTree("{\"objectType\": \"contacts\"}"), cursor, 2), NOW);
        assertThat(query.body().get("after").asText()).isEqualTo("9796");

        ChangedTrigger.Page reading = ChangedTrigger.result(query, page("9798", t, t), 2);
        assertThat(reading.skipped()).isFalse();
        assertThat(reading.result().cursor().get("after").asText()).isEqualTo("9798");
        assertThat(reading.result().events()).as("100 was taken before").hasSize(1);

        ChangedTrigger.Page atTheLimit = ChangedTrigger.result(query, page("9999", t, t), 2);
        assertThat(atTheLimit.skipped()).isTrue();
        assertThat(atTheLimit.result().cursor().get("since").asLong()).isEqualTo(ms + 1);
        assertThat(atTheLimit.result().cursor().get("after").isNull()).isTrue();
        assertThat(atTheLimit.result().cursor().get("seen")).isEmpty();
    }
}
