package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.testkit.connector.TestSystem;
import org.junit.jupiter.api.Test;

/**
 * The model completion path, against a system that answers {@code llm.extract} as the llm connector's
 * contract says (input, schema, instructions in; value, attempts, usage, latencyMs, model out): the
 * platform's seam between two systems, not a vendor.
 */
class ModelCompletionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSystem withLlm(ExtractingSystem llm) {
        return TestSystem.named("docs").withConfig(JSON.createObjectNode().set("llm", JSON.createObjectNode()
                .put("system", "ai"))).withSystem("ai", llm);
    }

    @Test
    void asksTheLlmSystemForJustTheMissingFieldsAndMergesItsAnswerAsModelFields() throws Exception {
        JsonNode answer = JSON.readTree(
                """
                        {"issueDate": "2026-05-01", "dueDate": null, "supplier": {"name": "Kite Labs", "address": null,
                         "taxId": null}, "customer": {"name": "Oak & Co", "address": null}, "subtotal": null, "tax": null,
                         "lines": null}""");
        ExtractingSystem llm = new ExtractingSystem(answer, null);
        TestSystem system = withLlm(llm);
        BlobRef ref = PdfBuilder.store(system.blobs(), SampleInvoices.sparse());

        JsonNode out = ReadOperationTest.invoke(system, InvoiceOperation.NAME, ref, "{}");

        InvoiceExtractionTest.assertRule(out, "number", "M-77");
        InvoiceExtractionTest.assertAmount(out, "total", "99.00");
        InvoiceExtractionTest.assertRule(out, "currency", "EUR");
        assertModel(out, "issueDate", "2026-05-01");
        assertModel(out, "supplier.name", "Kite Labs");
        assertModel(out, "customer.name", "Oak & Co");
        assertThat(out.path("missing")).extracting(JsonNode::asText).containsExactly("dueDate",
                "supplier.address", "supplier.taxId", "customer.address", "subtotal", "tax", "lines");
        assertThat(out.at("/model/system").asText()).isEqualTo("ai");
        assertThat(out.at("/model/model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(out.at("/model/usage/totalTokens").asInt()).isEqualTo(853);

        assertThat(llm.calls).hasSize(1);
        Call asked = llm.calls.get(0);
        assertThat(asked.operation()).isEqualTo("llm.extract");
        assertThat(asked.idempotencyKey()).isEqualTo("read-test/llm");
        assertThat(asked.input().path("input").asText()).contains("Kite Labs thanks Oak & Co");
        assertThat(asked.input().path("instructions").asText()).isNotBlank();
        JsonNode schema = asked.input().path("schema");
        assertThat(schema.path("properties").has("number")).isFalse();
        assertThat(schema.path("properties").has("total")).isFalse();
        assertThat(schema.path("properties").has("currency")).isFalse();
        assertThat(schema.at("/properties/issueDate/type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(schema.at("/properties/supplier/properties").has("name")).isTrue();
        assertThat(schema.at("/properties/lines/items/required")).hasSize(4);
    }

    @Test
    void aFailingModelLeavesTheRuleFieldsAndReportsItsError() throws Exception {
        ExtractingSystem llm = new ExtractingSystem(null, ConnectorException.retryable("llm.unavailable",
                "the endpoint answered 503", null, null));
        TestSystem system = withLlm(llm);
        BlobRef ref = PdfBuilder.store(system.blobs(), SampleInvoices.sparse());

        JsonNode out = ReadOperationTest.invoke(system, InvoiceOperation.NAME, ref, "{}");

        InvoiceExtractionTest.assertRule(out, "number", "M-77");
        InvoiceExtractionTest.assertAmount(out, "total", "99.00");
        assertThat(out.path("issueDate").isNull()).isTrue();
        assertThat(out.at("/model/error/code").asText()).isEqualTo("llm.unavailable");
        assertThat(out.at("/model/error/message").asText()).contains("503");
        assertThat(out.path("missing")).extracting(JsonNode::asText).contains("issueDate", "supplier.name");
    }

    @Test
    void anInvoiceTheRulesReadWholeAsksNoModel() throws Exception {
        ExtractingSystem llm = new ExtractingSystem(JSON.createObjectNode(), null);
        TestSystem system = withLlm(llm);
        BlobRef ref = PdfBuilder.store(system.blobs(), SampleInvoices.besideLabelsInDollars());

        JsonNode out = ReadOperationTest.invoke(system, InvoiceOperation.NAME, ref, "{}");

        assertThat(llm.calls).isEmpty();
        assertThat(out.has("model")).isFalse();
    }

    @Test
    void dropsModelAnswersOfTheWrongType() throws Exception {
        JsonNode answer = JSON
                .readTree("{\"issueDate\": \"first of May\", \"subtotal\": \"99\", \"supplier\":"
                        + " {\"name\": \"  \"}}");
        TestSystem system = withLlm(new ExtractingSystem(answer, null));
        BlobRef ref = PdfBuilder.store(system.blobs(), SampleInvoices.sparse());

        JsonNode out = ReadOperationTest.invoke(system, InvoiceOperation.NAME, ref, "{}");

        assertThat(out.path("issueDate").isNull()).isTrue();
        assertThat(out.path("subtotal").isNull()).isTrue();
        assertThat(out.at("/supplier/name").isNull()).isTrue();
    }

    private static void assertModel(JsonNode out, String field, String value) {
        JsonNode f = out.at("/" + field.replace('.', '/'));
        assertThat(f.path("value").asText()).as(field + " in " + out.toPrettyString()).isEqualTo(value);
        assertThat(f.path("source").asText()).isEqualTo("model");
        assertThat(f.path("confidence").asDouble()).isEqualTo(ModelCompletion.CONFIDENCE);
    }
}
