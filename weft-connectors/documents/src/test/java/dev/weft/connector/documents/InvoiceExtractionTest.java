package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceExtractionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestSystem system = TestSystem.named("docs");

    @Test
    void findsEveryFieldOfAnInvoiceWithLabelsBesideTheirValues() throws Exception {
        JsonNode out = extract(SampleInvoices.besideLabelsInDollars(), null);

        assertRule(out, "number", "INV-2026-001");
        assertRule(out, "issueDate", "2026-03-14");
        assertRule(out, "dueDate", "2026-04-13");
        assertRule(out, "supplier.name", "ACME Tools Ltd");
        assertRule(out, "supplier.address", "12 Harbour Road, Bristol BS1 4QA");
        assertRule(out, "supplier.taxId", "GB123456789");
        assertRule(out, "customer.name", "Northwind Traders");
        assertRule(out, "customer.address", "4 Market Street, Leeds LS1 6DT");
        assertRule(out, "currency", "USD");
        assertAmount(out, "subtotal", "1450.00");
        assertAmount(out, "tax", "145.00");
        assertAmount(out, "total", "1595.00");
        assertLines(out, List.of("Widget A", "Gadget B", "Support hours"), List.of("100.00", "1250.00",
                "100.00"));
        assertThat(out.at("/lines/value/1/quantity").decimalValue()).isEqualByComparingTo("1");
        assertThat(out.at("/lines/value/1/unitPrice").decimalValue()).isEqualByComparingTo("1250.00");
        assertThat(out.path("missing")).isEmpty();
    }

    @Test
    void findsEveryFieldOfAnInvoiceWithLabelsAboveTheirValuesAndAnUnruledTable() throws Exception {
        JsonNode out = extract(SampleInvoices.belowLabelsInPounds(), null);

        assertRule(out, "number", "BF-0815");
        assertRule(out, "issueDate", "2026-03-14");
        assertRule(out, "dueDate", "2026-04-13");
        assertRule(out, "supplier.name", "Blue Finch Design");
        assertRule(out, "supplier.address", "7 Orchard Lane, Oxford OX1 2AB");
        assertRule(out, "supplier.taxId", "987-654-321");
        assertRule(out, "customer.name", "Harper & Lane LLP");
        assertRule(out, "customer.address", "90 Queen Street, Edinburgh EH2 4NA");
        assertRule(out, "currency", "GBP");
        assertAmount(out, "subtotal", "1470.00");
        assertAmount(out, "tax", "294.00");
        assertAmount(out, "total", "1764.00");
        assertLines(out, List.of("Logo design", "Brand guidelines", "Website mock-ups"),
                List.of("450.00", "540.00", "480.00"));
        assertThat(out.path("missing")).isEmpty();
    }

    @Test
    void readsATwoPageGermanInvoiceWithDecimalCommasAndItsLinesOverBothPages() throws Exception {
        JsonNode out = extract(SampleInvoices.twoPagesInEuros(), "{\"locale\": \"de-DE\"}");

        assertRule(out, "number", "RE-2026-0042");
        assertRule(out, "issueDate", "2026-03-14");
        assertRule(out, "dueDate", "2026-04-13");
        assertRule(out, "supplier.name", "Muster GmbH");
        assertRule(out, "supplier.address", "Hauptstraße 1, 10115 Berlin");
        assertRule(out, "supplier.taxId", "DE123456789");
        assertRule(out, "customer.name", "Beispiel AG");
        assertRule(out, "customer.address", "Ringstraße 5, 80331 München");
        assertRule(out, "currency", "EUR");
        assertAmount(out, "subtotal", "4062.50");
        assertAmount(out, "tax", "771.88");
        assertAmount(out, "total", "4834.38");
        JsonNode lines = out.at("/lines/value");
        assertThat(lines).hasSize(25);
        List<BigDecimal> expected = SampleInvoices.euroAmounts();
        for (int i = 0; i < 25; i++) {
            assertThat(lines.get(i).path("description").asText()).isEqualTo("Beratung Modul " + (i + 1));
            assertThat(lines.get(i).path("amount").decimalValue()).isEqualByComparingTo(expected.get(i));
        }
        assertThat(out.path("missing")).isEmpty();
    }

    @Test
    void crossChecksThatAgreeRaiseTheConfidenceOfTheSums() throws Exception {
        JsonNode out = extract(SampleInvoices.besideLabelsInDollars(), null);

        assertThat(out.at("/lines/confidence").asDouble()).isGreaterThan(LineItems.CONFIDENCE);
        assertThat(out.at("/total/confidence").asDouble()).isGreaterThan(InvoiceRules.BESIDE);
    }

    @Test
    void crossChecksThatDisagreeLowerTheConfidenceOfTheSums() {
        InvoiceFields fields = new InvoiceFields();
        fields.put("subtotal", Field.rule(JSON.getNodeFactory().numberNode(new BigDecimal("100.00")), 0.85));
        fields.put("tax", Field.rule(JSON.getNodeFactory().numberNode(new BigDecimal("20.00")), 0.85));
        fields.put("total", Field.rule(JSON.getNodeFactory().numberNode(new BigDecimal("130.00")), 0.85));

        InvoiceOperation.crossCheck(fields);

        assertThat(fields.get("total").confidence()).isLessThan(0.85);
        assertThat(fields.get("subtotal").confidence()).isLessThan(0.85);
    }

    private JsonNode extract(byte[] pdf, String hints) throws Exception {
        BlobRef ref = PdfBuilder.store(system.blobs(), pdf);
        ObjectNode input = JSON.createObjectNode();
        input.set("document", ref.toJson());
        if (hints != null) {
            input.set("hints", JSON.readTree(hints));
        }
        try (SystemClient client = new DocumentsConnector().open(system)) {
            return client
                    .invoke(new Call(InvoiceOperation.NAME, input, "invoice-test", Duration.ofSeconds(30),
                            new Cancellation()));
        }
    }

    static void assertRule(JsonNode out, String field, String value) {
        JsonNode f = out.at("/" + field.replace('.', '/'));
        assertThat(f.path("value").asText()).as(field + " in " + out.toPrettyString()).isEqualTo(value);
        assertThat(f.path("source").asText()).as(field + " source").isEqualTo("rule");
        assertThat(f.path("confidence").asDouble()).as(field + " confidence").isBetween(0.05, 0.99);
    }

    static void assertAmount(JsonNode out, String field, String value) {
        JsonNode f = out.path(field);
        assertThat(f.path("value").isNumber()).as(field + " in " + out.toPrettyString()).isTrue();
        assertThat(f.path("value").decimalValue()).as(field).isEqualByComparingTo(value);
        assertThat(f.path("source").asText()).as(field + " source").isEqualTo("rule");
    }

    private static void assertLines(JsonNode out, List<String> descriptions, List<String> amounts) {
        JsonNode lines = out.at("/lines/value");
        assertThat(out.at("/lines/source").asText()).as("lines in " + out.toPrettyString()).isEqualTo("rule");
        assertThat(lines).hasSize(descriptions.size());
        for (int i = 0; i < descriptions.size(); i++) {
            assertThat(lines.get(i).path("description").asText()).isEqualTo(descriptions.get(i));
            assertThat(lines.get(i).path("amount").decimalValue()).isEqualByComparingTo(amounts.get(i));
        }
    }
}
