package dev.weft.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.BlobRef;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Salesforce's own ways, as its API reference documents them, met by the connector on the replay of its API. */
class SalesforceReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer server;
    private TestSystem system;

    @BeforeEach
    void start() throws Exception {
        server = SalesforceReplay.start();
        system = SalesforceReplay.system(server, SalesforceReplay.TOKEN);
    }

    @AfterEach
    void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
    }

    private JsonNode call(TestSystem on, String operation, String input) throws Exception {
        try (SystemClient client = new SalesforceConnector().open(on)) {
            return client.invoke(
                    new Call(operation, JSON.readTree(input), "k-" + operation, Duration.ofSeconds(10),
                            new Cancellation()));
        }
    }

    private JsonNode call(String operation, String input) throws Exception {
        return call(system, operation, input);
    }

    private static ConnectorException failure(ThrowingCallable call) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(call).isInstanceOf(ConnectorException.class).satisfies(t -> thrown[0] = t);
        return (ConnectorException) thrown[0];
    }

    @Test
    void recordsAreCreatedReadUpdatedAndDeletedAndARetriedDeleteDoesNoHarm() throws Exception {
        assertThat(call("salesforce.create", "{\"sobject\": \"Contact\", \"record\": {\"FirstName\": \"Ada\","
                + " \"LastName\": \"Lovelace\", \"Email\": \"ada@example.com\", \"AccountId\": \"001RO00000AbCdEYAV\"}}"))
                .isEqualTo(JSON.readTree("{\"id\": \"003RO00000LoVeLYAV\", \"success\": true}"));
        JsonNode account = call("salesforce.get",
                "{\"sobject\": \"Account\", \"id\": \"001RO00000AbCdEYAV\", \"fields\": [\"Name\", \"BillingCity\"]}");
        assertThat(account.get("BillingCity").asText()).isEqualTo("Paris");
        assertThat(account.at("/attributes/type").asText()).isEqualTo("Account");
        assertThat(call("salesforce.update", "{\"sobject\": \"Opportunity\", \"id\": \"006RO00000XyZaBYAV\","
                + " \"record\": {\"StageName\": \"Closed Won\"}}").get("updated").asBoolean()).isTrue();
        String lead = "{\"sobject\": \"Lead\", \"id\": \"00QRO00000LmNoPYAV\"}";
        assertThat(call("salesforce.delete", lead).has("alreadyDeleted")).isFalse();
        assertThat(call("salesforce.delete", lead).get("alreadyDeleted").asBoolean())
                .as("Salesforce answers ENTITY_IS_DELETED to the retried step").isTrue();
        assertThat(failure(
                () -> call("salesforce.get", "{\"sobject\": \"Account\", \"id\": \"001RO00000NoNeXYAV\"}"))
                .code()).isEqualTo("salesforce.not_found");
        ConnectorException badId = failure(
                () -> call("salesforce.get", "{\"sobject\": \"Account\", \"id\": \"x'\"}"));
        assertThat(badId.code()).isEqualTo("salesforce.input");
        assertThat(badId.getMessage()).contains("'id'", "15 or 18");
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void upsertSaysWhetherItCreatedAndNamesTheRecordsThatShareAnExternalId() throws Exception {
        String upsert = "{\"sobject\": \"Account\", \"externalIdField\": \"ERP_Id__c\", \"externalId\": \"CUST-00012\","
                + " \"record\": {\"Name\": \"Ada Corp\", \"BillingCity\": \"Paris\"}}";
        assertThat(call("salesforce.upsert", upsert))
                .isEqualTo(JSON.readTree("{\"id\": \"001RO00000AbCdEYAV\", \"created\": true}"));
        assertThat(call("salesforce.upsert", upsert))
                .isEqualTo(JSON.readTree("{\"id\": \"001RO00000AbCdEYAV\", \"created\": false}"));
        ConnectorException twins = failure(() -> call("salesforce.upsert", "{\"sobject\": \"Account\","
                + " \"externalIdField\": \"ERP_Id__c\", \"externalId\": \"CUST-00099\", \"record\": {\"Name\": \"Twin Corp\"}}"));
        assertThat(twins.code()).isEqualTo("salesforce.multiple_matches");
        assertThat(twins.retryable()).isFalse();
        assertThat(twins.getMessage()).contains("2 records", "001RO00000DuPaAYAV", "001RO00000DuPbBYAV");
        assertThat(twins.details().get("ids")).hasSize(2);

        // API 45.0, the version the system names, answers an update 204 without the id: it is read back.
        TestSystem v45 = SalesforceReplay.system(server, SalesforceReplay.TOKEN,
                JsonNodeFactory.instance.objectNode()
                        .put("baseUrl", server.baseUrl()).put("apiVersion", "45.0"));
        try {
            assertThat(call(v45, "salesforce.upsert", upsert))
                    .isEqualTo(JSON.readTree("{\"id\": \"001RO00000AbCdEYAV\", \"created\": false}"));
        } finally {
            ((JettyTransport) v45.http()).close();
        }
        TestSystem badVersion = system
                .withConfig(JsonNodeFactory.instance.objectNode().put("baseUrl", server.baseUrl())
                        .put("apiVersion", "v62"));
        assertThat(failure(() -> new SalesforceConnector().open(badVersion)).getMessage())
                .contains("config.apiVersion", "62.0", "'v62'");
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void aQueryFollowsNextRecordsUrlAndRefusesMoreThanMaxRecordsBeforeReadingThem() throws Exception {
        JsonNode paris = call("salesforce.query",
                "{\"soql\": \"SELECT Id, Name FROM Account WHERE BillingCity = 'Paris'\"}");
        assertThat(paris.get("totalSize").asInt()).isEqualTo(5);
        assertThat(paris.get("records")).extracting(r -> r.get("Name").asText())
                .containsExactly("Ada Corp", "Babbage Ltd", "Curie SA", "Darwin & Co", "Euler GmbH");
        assertThat(server.received()).extracting(ReplayServer.Received::path).containsExactly(
                "/services/data/v62.0/query", "/services/data/v62.0/query/01gRO0000016PIAYA2-2000",
                "/services/data/v62.0/query/01gRO0000016PIAYA2-4000");

        ConnectorException tooMany = failure(
                () -> call("salesforce.query", "{\"soql\": \"SELECT Id FROM Contact\"}"));
        assertThat(tooMany.code()).isEqualTo("salesforce.too_many_records");
        assertThat(tooMany.getMessage()).contains("120000", "'maxRecords' (2000)", "WHERE", "Bulk");
        assertThat(server.received()).as("no page past the first").hasSize(4);

        ConnectorException typo = failure(
                () -> call("salesforce.query", "{\"soql\": \"SELECT Id FROM Acount\"}"));
        assertThat(typo.code()).isEqualTo("salesforce.invalid");
        assertThat(typo.getMessage()).contains("INVALID_TYPE", "sObject type 'Acount' is not supported");

        assertThat(
                call("salesforce.query",
                        "{\"soql\": \"SELECT Id, Name, IsDeleted FROM Lead WHERE IsDeleted = true\","
                                + " \"includeDeleted\": true}")
                        .at("/records/0/IsDeleted").asBoolean())
                .isTrue();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void compositeRollsBackAllOrNoneWithTheFailingSubrequestsErrorAndOtherwiseAnswersEachResult()
            throws Exception {
        String composite = SalesforceConnectorContractIT.COMPOSITE;
        JsonNode both = call("salesforce.composite",
                composite.formatted(true, SalesforceConnectorContractIT.CONTACT));
        assertThat(both.get("ok").asBoolean()).isTrue();
        assertThat(both.get("results")).extracting(r -> r.at("/body/id").asText())
                .containsExactly("001RO00000AbCdEYAV", "003RO00000LoVeLYAV");

        ConnectorException rolledBack = failure(() -> call("salesforce.composite",
                composite.formatted(true, SalesforceConnectorContractIT.NAMELESS_CONTACT)));
        assertThat(rolledBack.code()).isEqualTo("salesforce.invalid");
        assertThat(rolledBack.retryable()).isFalse();
        assertThat(rolledBack.getMessage())
                .contains("'newContact'", "REQUIRED_FIELD_MISSING", "fields: LastName",
                        "rolled back")
                .doesNotContain("PROCESSING_HALTED");
        assertThat(rolledBack.details().get("fields").get(0).asText()).isEqualTo("LastName");

        JsonNode partial = call("salesforce.composite",
                composite.formatted(false, SalesforceConnectorContractIT.NAMELESS_CONTACT));
        assertThat(partial.get("ok").asBoolean()).isFalse();
        assertThat(partial.at("/results/0/ok").asBoolean()).isTrue();
        assertThat(partial.at("/results/1/status").asInt()).isEqualTo(400);
        assertThat(partial.at("/results/1/errors/0/fields/0").asText()).isEqualTo("LastName");

        ConnectorException tooMany = failure(() -> call("salesforce.composite", "{\"requests\": ["
                + "{\"method\": \"GET\", \"url\": \"sobjects/Account/001RO00000AbCdEYAV\", \"referenceId\": \"a\"},"
                        .repeat(26)
                        .replaceAll(",$", "")
                + "]}"));
        assertThat(tooMany.getMessage()).contains("'requests'", "1 to 25");
        ConnectorException elsewhere = failure(
                () -> call("salesforce.composite", "{\"requests\": [{\"method\": \"GET\","
                        + " \"url\": \"https://evil.example/x\", \"referenceId\": \"a\"}]}"));
        assertThat(elsewhere.getMessage()).contains("'requests[0].url'", "REST path");
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void aBulkLoadIsUploadedAsCsvOnceAndItsResultsAreReadWhenDone() throws Exception {
        JsonNode job = call("salesforce.bulk_ingest", SalesforceConnectorContractIT.BULK_UPSERT);
        assertThat(job.get("jobId").asText()).isEqualTo("750RO00000BuLkAYAV");
        assertThat(job.get("state").asText()).isEqualTo("UploadComplete");
        ReplayServer.Received upload = server.received().stream().filter(r -> r.method().equals("PUT"))
                .findFirst()
                .orElseThrow();
        assertThat(upload.body()).isEqualTo("""
                ERP_Id__c,LastName,Account.ERP_Id__c,Email
                P-1,Lovelace,C-12,
                P-2,Hopper,,not-an-email
                """);
        assertThat(upload.header("Content-Type")).startsWith("text/csv");

        JsonNode running = call("salesforce.bulk_status", "{\"jobId\": \"750RO00000BuLkAYAV\"}");
        assertThat(running.get("state").asText()).isEqualTo("InProgress");
        assertThat(running.get("done").asBoolean()).isFalse();
        assertThat(running.has("failures")).as("no results before the job is done").isFalse();

        JsonNode done = call("salesforce.bulk_status", "{\"jobId\": \"750RO00000BuLkAYAV\"}");
        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(done.get("numberRecordsFailed").asInt()).isEqualTo(1);
        assertThat(done.at("/failures/0/sf__Error").asText()).startsWith("INVALID_EMAIL_ADDRESS");
        assertThat(done.at("/failures/0/ERP_Id__c").asText()).isEqualTo("P-2");
        assertThat(done.get("failuresTruncated").asBoolean()).isFalse();
        try (InputStream ok = system.blobs().open(BlobRef.fromJson(done.get("successfulResults")))) {
            assertThat(new String(ok.readAllBytes(), StandardCharsets.UTF_8)).contains("003RO00000LoVeLYAV",
                    "P-1");
        }

        ConnectorException noKey = failure(() -> call("salesforce.bulk_ingest", "{\"object\": \"Contact\","
                + " \"operation\": \"upsert\", \"records\": [{\"LastName\": \"Lovelace\"}]}"));
        assertThat(noKey.getMessage()).contains("'externalIdFieldName'", "upsert");
        ConnectorException two = failure(() -> call("salesforce.bulk_ingest", "{\"object\": \"Contact\","
                + " \"operation\": \"insert\", \"csv\": \"LastName\\nLovelace\\n\", \"records\": [{\"LastName\": \"Hopper\"}]}"));
        assertThat(two.getMessage()).contains("exactly one of records, csv and csvBlob");
        BlobRef huge = new BlobRef("sha256:" + "0".repeat(64), BulkIngest.MAX_CSV_BYTES + 1, "text/csv");
        ConnectorException tooLarge = failure(() -> call("salesforce.bulk_ingest", "{\"object\": \"Contact\","
                + " \"operation\": \"insert\", \"csvBlob\": " + huge.toJson() + "}"));
        assertThat(tooLarge.getMessage()).contains("'csvBlob'", "100 MB", "several jobs");
        assertThat(server.received()).filteredOn(r -> r.method().equals("PUT")).as("one upload per job")
                .hasSize(1);
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void aFileIsUploadedFromABlobSharedWithARecordAndDownloadedIntoOne() throws Exception {
        BlobRef pdf = system.blobs().put(new java.io.ByteArrayInputStream("%PDF-1.7 invoice 7".getBytes(
                StandardCharsets.UTF_8)), "application/pdf");
        JsonNode uploaded = call("salesforce.upload_file",
                "{\"file\": " + pdf.toJson() + ", \"pathOnClient\":"
                        + " \"INV-2026-0007.pdf\", \"linkTo\": \"006RO00000XyZaBYAV\"}");
        assertThat(uploaded.get("contentVersionId").asText()).isEqualTo("068RO00000FiLeAYAV");
        ReplayServer.Received post = server.received().get(0);
        String boundary = post.header("Content-Type").replaceAll(".*boundary=\"?([^\"]+)\"?", "$1");
        assertThat(post.header("Content-Type")).startsWith("multipart/form-data");
        assertThat(post.body()).startsWith("--" + boundary + "\r\nContent-Disposition: form-data;"
                + " name=\"entity_content\"\r\nContent-Type: application/json\r\n\r\n")
                .contains("\"PathOnClient\":\"INV-2026-0007.pdf\"",
                        "\"Title\":\"INV-2026-0007\"", "\"FirstPublishLocationId\":\"006RO00000XyZaBYAV\"",
                        "name=\"VersionData\"; filename=\"INV-2026-0007.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                                + "%PDF-1.7 invoice 7\r\n--" + boundary + "--\r\n");

        JsonNode downloaded = call("salesforce.download_file",
                "{\"contentVersionId\": \"068RO00000FiLeAYAV\"}");
        BlobRef file = BlobRef.fromJson(downloaded.get("file"));
        try (InputStream in = system.blobs().open(file)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("%PDF-1.7")
                    .endsWith("%%EOF\n");
        }
        assertThat(failure(
                () -> call("salesforce.download_file", "{\"contentVersionId\": \"068RO00000NoNeXYAV\"}"))
                .code()).isEqualTo("salesforce.not_found");
        assertThat(failure(
                () -> call("salesforce.download_file", "{\"contentVersionId\": \"001RO00000AbCdEYAV\"}"))
                .getMessage()).contains("'contentVersionId'", "068");
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void theTriggerTakesEachChangeOnceByTimeThenIdAcrossPolls() throws Exception {
        JsonNode config = JSON.readTree("{\"sobject\": \"Opportunity\", \"fields\": [\"Name\", \"Amount\"],"
                + " \"where\": \"StageName = 'Closed Won'\", \"since\": \"2026-12-06T09:00:00Z\"}");
        TestSystem atNoon = system
                .withClock(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
        JsonNode settled;
        try (SystemClient client = new SalesforceConnector().open(atNoon)) {
            PollResult first = client.poll(new PollRequest("salesforce.changed", config, null, 2));
            assertThat(first.events()).extracting(Event::id).containsExactly(
                    "Opportunity:006RO00000OpPaAYAV:2026-12-06T10:00:00Z",
                    "Opportunity:006RO00000OpPbBYAV:2026-12-06T10:00:00Z");
            assertThat(first.more()).as("a full page").isTrue();
            assertThat(first.events().get(0).data().at("/record/Amount").asInt()).isEqualTo(12000);

            PollResult second = client.poll(new PollRequest("salesforce.changed", config, first.cursor(), 2));
            assertThat(second.events()).as("the third record of 10:00:00, after the two taken, then 10:05")
                    .extracting(Event::id)
                    .containsExactly("Opportunity:006RO00000OpPcCYAV:2026-12-06T10:00:00Z",
                            "Opportunity:006RO00000OpPdDYAV:2026-12-06T10:05:00Z");
            assertThat(second.cursor().get("seen")).hasSize(1);

            PollResult third = client.poll(new PollRequest("salesforce.changed", config, second.cursor(), 2));
            assertThat(third.events()).isEmpty();
            assertThat(third.more()).isFalse();
            assertThat(third.cursor()).isEqualTo(second.cursor());
            settled = third.cursor();
        }
        // A change stamped 11:59:00 committed at 12:00:30: the noon poll asked only for times before 11:58:00,
        // so its mark stayed at 10:05, and the poll at 12:05 (times before 12:03:00) takes the change.
        try (SystemClient client = new SalesforceConnector().open(
                system.withClock(Clock.fixed(Instant.parse("2026-12-06T12:05:00Z"), ZoneOffset.UTC)))) {
            PollResult late = client.poll(new PollRequest("salesforce.changed", config, settled, 2));
            assertThat(late.events()).extracting(Event::id)
                    .containsExactly("Opportunity:006RO00000OpPeEYAV:2026-12-06T11:59:00Z");
            assertThat(late.cursor().get("since").asText()).isEqualTo("2026-12-06T11:59:00Z");
        }
        try (SystemClient client = new SalesforceConnector().open(atNoon)) {
            PollResult none = client
                    .poll(new PollRequest("salesforce.changed", JSON.readTree("{\"sobject\": \"Account\"}"),
                            null, 100));
            assertThat(none.events()).isEmpty();
            assertThat(none.cursor().get("since").asText()).as("no backfill")
                    .isEqualTo("2026-12-06T12:00:00Z");
            assertThat(failure(() -> client.poll(new PollRequest("salesforce.changed",
                    JSON.readTree("{\"sobject\": \"Account\", \"fields\": [\"Name) FROM User --\"]}"), null,
                    10)))
                    .getMessage()).contains("'fields'", "API names");
            assertThat(failure(() -> client.poll(new PollRequest("salesforce.changed",
                    JSON.readTree("{\"sobject\": \"Account\", \"since\": \"yesterday\"}"), null, 10)))
                    .getMessage())
                    .contains("'since'", "2026-12-01T00:00:00Z");
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void refusalsAreTypedRetryableOrNotAndNameWhatToFix() throws Exception {
        ConnectorException missing = failure(() -> call("salesforce.create", "{\"sobject\": \"Contact\","
                + " \"record\": {\"FirstName\": \"Grace\", \"Email\": \"grace@example.com\"}}"));
        assertThat(missing.code()).isEqualTo("salesforce.invalid");
        assertThat(missing.retryable()).isFalse();
        assertThat(missing.getMessage()).contains("400", "REQUIRED_FIELD_MISSING", "fields: LastName");
        ConnectorException rule = failure(
                () -> call("salesforce.create", "{\"sobject\": \"Opportunity\", \"record\":"
                        + " {\"Name\": \"Ada Corp renewal\", \"StageName\": \"Prospecting\", \"CloseDate\": \"2026-12-31\", \"Amount\": -5}}"));
        assertThat(rule.getMessage()).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION",
                "Amount must be greater than zero",
                "fields: Amount");

        ConnectorException limit = failure(
                () -> call("salesforce.query", "{\"soql\": \"SELECT Id FROM Case\"}"));
        assertThat(limit.code()).isEqualTo("salesforce.rate_limited");
        assertThat(limit.rateLimited()).isTrue();
        assertThat(limit.retryable()).isTrue();
        assertThat(limit.details().get("limitInfo").asText()).isEqualTo("api-usage=15000/15000");

        for (String busy : new String[]{
                "{\"op\": \"salesforce.get\", \"in\": {\"sobject\": \"Account\", \"id\": \"001RO00000BuSyYYAV\"}}",
                "{\"op\": \"salesforce.create\", \"in\": {\"sobject\": \"Case\", \"record\": {\"Subject\": \"Printer on fire\"}}}",
                "{\"op\": \"salesforce.update\", \"in\": {\"sobject\": \"Account\", \"id\": \"001RO00000AbCdEYAV\","
                        + " \"record\": {\"Rating\": \"Hot\"}}}"}) {
            JsonNode c = JSON.readTree(busy);
            ConnectorException e = failure(() -> call(c.get("op").asText(), c.get("in").toString()));
            assertThat(e.code()).as(busy).isEqualTo("salesforce.unavailable");
            assertThat(e.retryable()).as(busy).isTrue();
            assertThat(e.rateLimited()).as(busy).isFalse();
        }

        try (SystemClient client = new SalesforceConnector().open(system)) {
            assertThat(client.test().ok()).isTrue();
            assertThat(client.test().message()).contains("v62.0", "13750 of 15000");
        }
        TestSystem expired = SalesforceReplay.system(server, SalesforceReplay.EXPIRED);
        try (SystemClient client = new SalesforceConnector().open(expired)) {
            ConnectorException e = failure(() -> client.invoke(new Call("salesforce.get", JSON.readTree(
                    "{\"sobject\": \"Account\", \"id\": \"001RO00000AbCdEYAV\", \"fields\": [\"Name\", \"BillingCity\"]}"),
                    "k", Duration.ofSeconds(10), new Cancellation())));
            assertThat(e.code()).isEqualTo("salesforce.unauthorized");
            assertThat(e.getMessage()).contains("INVALID_SESSION_ID", "oauth2RefreshToken")
                    .doesNotContain(SalesforceReplay.EXPIRED);
            assertThat(client.test().ok()).isFalse();
            assertThat(client.test().message()).contains("401");
        } finally {
            ((JettyTransport) expired.http()).close();
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }
}
