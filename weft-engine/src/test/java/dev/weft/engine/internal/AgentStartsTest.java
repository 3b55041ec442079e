package dev.weft.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What an agent's tools show the model, and what they may not leave to it. */
class AgentStartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = """
            {"type": "object", "required": ["sql"],
             "properties": {"sql": {"type": "string", "x-weft-literal": "give values in params"},
                            "params": {"type": "object"}}}""";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aStatementTheModelWouldWriteIsRefusedAndOneWrittenInTheFlowIsNot() throws Exception {
        assertThat(AgentStarts.unfixedLiteral(json(QUERY), null)).isEqualTo("sql");
        assertThat(AgentStarts.unfixedLiteral(json(QUERY), json("{\"params\": {}}"))).isEqualTo("sql");
        assertThat(AgentStarts.unfixedLiteral(json(QUERY), json("{\"sql\": \"SELECT {{ input.t }}\"}")))
                .isEqualTo("sql");
        assertThat(AgentStarts.unfixedLiteral(json(QUERY), json("{\"sql\": \"SELECT 1\"}"))).isNull();
    }

    @Test
    void theModelSeesTheParametersTheFlowDoesNotFix() throws Exception {
        JsonNode shown = AgentStarts.parameters(json(QUERY), json("{\"sql\": \"SELECT 1\"}"));
        assertThat(shown.get("properties").has("sql")).isFalse();
        assertThat(shown.get("properties").has("params")).isTrue();
        assertThat(shown.get("required")).isEmpty();
        assertThat(AgentStarts.parameters(json(QUERY), JSON.nullNode())).isEqualTo(json(QUERY));
    }
}
