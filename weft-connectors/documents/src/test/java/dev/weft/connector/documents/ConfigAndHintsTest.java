package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import org.junit.jupiter.api.Test;

class ConfigAndHintsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Inputs IN = Inputs.ofOperation(InvoiceOperation.NAME);

    @Test
    void aConfigWithoutSettingsTakesTheDocumentedDefaults() throws Exception {
        DocumentsConfig config = DocumentsConfig.parse(JSON.readTree("{}"));

        assertThat(config.maxBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.maxPages()).isEqualTo(200);
        assertThat(config.llmSystem()).isNull();
    }

    @Test
    void anLlmWithoutASystemIsRefusedNamingTheField() {
        assertThatThrownBy(() -> DocumentsConfig.parse(JSON.readTree("{\"llm\": {}}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.config");
                    assertThat(e.getMessage()).contains("'llm.system'").contains("{\"system\": \"openai\"}");
                });
    }

    @Test
    void anOcrSystemTakesItsDefaultsAndRefusesAResolutionOutOfRange() throws Exception {
        DocumentsConfig config = DocumentsConfig.parse(JSON.readTree("{\"ocr\": {\"system\": \"vision\"}}"));

        assertThat(config.ocr()).isEqualTo(new DocumentsConfig.OcrConfig("vision", 150, 10, 40_000_000));
        assertThatThrownBy(() -> DocumentsConfig.parse(JSON.readTree(
                "{\"ocr\": {\"system\": \"vision\", \"dpi\": 1200}}"))).hasMessageContaining("'ocr.dpi'")
                .hasMessageContaining("72 to 300");
    }

    @Test
    void aPixelBudgetOutOfRangeOrNotANumberIsRefusedNamingTheField() throws Exception {
        assertThat(DocumentsConfig.parse(JSON.readTree("{\"ocr\": {\"system\": \"vision\", \"maxPixels\":"
                + " 2000000}}")).ocr().maxPixels()).isEqualTo(2_000_000);
        for (String value : new String[]{"1000", "1000000000", "\"40MP\"", "true"}) {
            assertThatThrownBy(() -> DocumentsConfig.parse(JSON.readTree(
                    "{\"ocr\": {\"system\": \"vision\", \"maxPixels\": " + value + "}}"))).as(value)
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("documents.config");
                        assertThat(e.getMessage()).contains("'ocr.maxPixels'", "1000000 to 250000000", value);
                    });
        }
    }

    @Test
    void aLocaleHintSetsTheDecimalMarkAndTheDateOrder() throws Exception {
        Hints german = Hints.parse(IN, JSON.readTree("{\"hints\": {\"locale\": \"de-DE\"}}"));
        Hints american = Hints.parse(IN,
                JSON.readTree("{\"hints\": {\"locale\": \"en-US\", \"currency\": \"usd\"}}"));

        assertThat(german.decimalComma()).isTrue();
        assertThat(german.dateOrder()).isEqualTo("DMY");
        assertThat(american.decimalComma()).isFalse();
        assertThat(american.dateOrder()).isEqualTo("MDY");
        assertThat(american.currency()).isEqualTo("USD");
    }

    @Test
    void wrongHintsAreRefusedNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> Hints.parse(IN, JSON.readTree("{\"hints\": {\"currency\": \"euro\"}}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.input");
                    assertThat(e.getMessage()).contains("'currency'").contains("\"EUR\"");
                });
        assertThatThrownBy(() -> Hints.parse(IN, JSON.readTree("{\"hints\": {\"dateOrder\": \"DDMMYY\"}}")))
                .hasMessageContaining("\"DMY\", \"MDY\" or \"YMD\"");
        assertThatThrownBy(() -> Hints.parse(IN, JSON.readTree("{\"hints\": {\"timezone\": \"UTC\"}}")))
                .hasMessageContaining("'timezone' is not a field");
    }
}
