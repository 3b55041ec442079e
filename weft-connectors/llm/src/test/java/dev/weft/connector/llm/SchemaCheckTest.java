package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which schemas a step may give: nothing in them may make the validator load from outside the JVM. */
class SchemaCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SchemaCheck of(String schema) throws Exception {
        return SchemaCheck.of(Inputs.ofOperation("llm.extract"), "schema", JSON.readTree(schema));
    }

    @Test
    void aMetaSchemaOtherThanDraft202012OrDraft07IsRefusedNamingTheField() {
        for (String dialect : List.of("\"http://127.0.0.1:9/meta\"", "\"file:///etc/passwd\"",
                "\"https://json-schema.org/draft/2019-09/schema\"",
                "\"http://json-schema.org/draft-04/schema#\"",
                "7")) {
            assertThatThrownBy(() -> of("{\"$schema\": " + dialect + ", \"type\": \"object\"}")).as(dialect)
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("llm.input");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'schema.$schema'").contains(dialect)
                                .contains("draft-07").contains("2020-12");
                    });
        }
    }

    @Test
    void aMetaSchemaInsideASubschemaIsRefusedWithWhereItIs() {
        assertThatThrownBy(() -> of("{\"type\": \"object\", \"properties\": {\"a/b\": {\"$schema\":"
                + " \"http://127.0.0.1:9/meta\"}}}")).isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("'schema.$schema'")
                                .contains("at /properties/a~1b"));
    }

    @Test
    void draft202012AndDraft07SchemasAreRead() throws Exception {
        for (String dialect : SchemaCheck.DIALECTS) {
            SchemaCheck check = of("{\"$schema\": \"" + dialect + "\", \"type\": \"object\", \"required\":"
                    + " [\"n\"], \"properties\": {\"n\": {\"type\": \"integer\"}}}");
            assertThat(check.problems(JSON.readTree("{\"n\": \"x\"}"))).as(dialect)
                    .containsExactly("/n: expected integer, was string");
            assertThat(check.problems(JSON.readTree("{\"n\": 2}"))).as(dialect).isEmpty();
        }
    }

    @Test
    void aReferenceOutsideTheSchemaIsRefusedInAnySchemaPosition() {
        for (String schema : List.of("{\"$ref\": \"https://example.com/invoice.json\"}",
                "{\"properties\": {\"a\": {\"$ref\": \"file:///etc/passwd\"}}}",
                "{\"allOf\": [{\"type\": \"object\"}, {\"$dynamicRef\": \"other.json#meta\"}]}",
                "{\"$defs\": {\"line\": {\"items\": {\"$ref\": \"http://127.0.0.1:9/x\"}}}}",
                "{\"items\": [{\"not\": {\"$ref\": \"http://127.0.0.1:9/x\"}}]}")) {
            assertThatThrownBy(() -> of(schema)).as(schema).isInstanceOfSatisfying(ConnectorException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo("llm.input");
                        assertThat(e.getMessage()).contains("'schema'").contains("refer only within itself");
                    });
        }
    }

    @Test
    void aRefKeyInsideEnumConstDefaultOrExamplesIsDataNotAReference() throws Exception {
        SchemaCheck check = of("""
                {"type": "object", "properties": {
                   "link": {"enum": [{"$ref": "https://example.com/a"}, "none"]},
                   "fixed": {"const": {"$ref": "file:///etc/passwd"}},
                   "doc": {"type": "object", "default": {"$schema": "http://127.0.0.1:9/m"},
                           "examples": [{"$ref": "https://example.com/b"}]},
                   "line": {"$ref": "#/$defs/line"}},
                 "$defs": {"line": {"type": "string"}}}""");

        assertThat(check.problems(JSON.readTree("{\"link\": {\"$ref\": \"https://example.com/a\"},"
                + " \"fixed\": {\"$ref\": \"file:///etc/passwd\"}, \"line\": \"x\"}"))).isEmpty();
        assertThat(check.problems(JSON.readTree("{\"link\": \"other\", \"line\": 1}")))
                .containsExactly("/line: expected string, was integer", "/link: does not have a value in the"
                        + " enumeration [{\"$ref\":\"https://example.com/a\"}, \"none\"]");
    }
}
