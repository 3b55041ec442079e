package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.llm.LlmConnector;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.FixedSystems;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.blob.TestBlobs;
import dev.weft.testkit.replay.ReplayServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code documents.extract_invoice} completed by a model end to end: a documents system whose config names
 * an llm system, both on the gateway; the fields the layout rules did not find go to the llm connector's
 * {@code llm.extract} through the gateway's call path, and from there over the OpenAI wire format to a replay
 * of a model's answer ({@code replay/invoice-model.json}).
 */
class InvoiceWithModelIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFieldsTheRulesMissAreFoundByTheModelSystemThroughTheGateway() throws Exception {
        var blobs = TestBlobs.temporary();
        try (ReplayServer model = ReplayServer.start("replay/invoice-model.json");
                Gateway gateway = Gateway.of(List.of(new DocumentsConnector(), new LlmConnector()),
                        FixedSystems.of(List.of(
                                system("docs", "documents", JSON.createObjectNode().set("llm",
                                        JSON.createObjectNode().put("system", "ai"))),
                                system("ai", "llm",
                                        JSON.createObjectNode().put("baseUrl", model.baseUrl() + "/v1")
                                                .put("model", "invoice-reader")))),
                        null, EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")),
                        Clock.systemUTC(), "t", blobs, CallObserver.NONE)) {
            BlobRef ref = PdfBuilder.store(blobs, SampleInvoices.sparse());
            ObjectNode input = JSON.createObjectNode();
            input.set("document", ref.toJson());

            JsonNode out = gateway.call("docs", new Call(InvoiceOperation.NAME, input, "exec-1:extract",
                    Duration.ofSeconds(30), new Cancellation()));

            InvoiceExtractionTest.assertRule(out, "number", "M-77");
            InvoiceExtractionTest.assertAmount(out, "total", "99.00");
            assertThat(out.at("/issueDate/value").asText()).isEqualTo("2026-05-01");
            assertThat(out.at("/issueDate/source").asText()).isEqualTo("model");
            assertThat(out.at("/supplier/name/value").asText()).isEqualTo("Kite Labs");
            assertThat(out.at("/customer/name/source").asText()).isEqualTo("model");
            assertThat(out.at("/model/system").asText()).isEqualTo("ai");
            assertThat(out.at("/model/usage/totalTokens").asInt()).isEqualTo(853);
            assertThat(out.at("/model/error").isMissingNode()).as("%s", out.get("model")).isTrue();

            assertThat(model.received()).singleElement().satisfies(r -> {
                JsonNode sent = JSON.readTree(r.body());
                assertThat(sent.at("/response_format/json_schema/schema/properties").has("issueDate"))
                        .isTrue();
                assertThat(sent.at("/response_format/json_schema/schema/properties").has("number")).isFalse();
                assertThat(sent.toString()).contains("Kite Labs thanks Oak");
                assertThat(r.header("Idempotency-Key")).startsWith("exec-1:extract/llm");
            });
        }
    }

    private static SystemRecord system(String id, String connector, JsonNode config) {
        Instant now = Instant.now();
        return new SystemRecord("t", id, connector, config, null, JSON.createObjectNode(), 1, now, now);
    }
}
