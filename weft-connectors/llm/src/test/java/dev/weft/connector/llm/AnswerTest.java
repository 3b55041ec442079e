package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers read from whole completions and from streamed chunks, and the step's output made of them. */
class AnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> chunks(String... json) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String j : json) {
            out.add(JSON.readTree(j));
        }
        return out;
    }

    @Test
    void toolCallArgumentsSentAsAnObjectAreKeptAsTheirJsonText() throws Exception {
        // Some servers (older Ollama) send arguments as an object rather than a JSON string.
        Answer a = Answer.of(JSON.readTree("{\"model\": \"llama3.1\", \"choices\": [{\"message\": {\"role\":"
                + " \"assistant\", \"content\": \"\", \"tool_calls\": [{\"id\": \"call_1\", \"function\": {\"name\":"
                + " \"get_order\", \"arguments\": {\"number\": 7}}}]}, \"finish_reason\": \"tool_calls\"}]}"));
        assertThat(a.toolCalls().getFirst().arguments()).isEqualTo("{\"number\":7}");
        assertThat(a.usage()).isEqualTo(Usage.NONE);
        JsonNode out = Chat.output(a, 3);
        assertThat(out.at("/toolCalls/0/arguments/number").asInt()).isEqualTo(7);
        assertThat(out.get("usage").isEmpty()).as("nothing reported, nothing made up").isTrue();
    }

    @Test
    void aCompletionWithoutChoicesIsNotAnOpenAiAnswer() {
        assertThatThrownBy(() -> Answer.of(JSON.readTree("{\"detail\": \"Not Found\"}")))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("llm.not_api"));
    }

    @Test
    void chunksWithoutAnIndexOrUsageStillMakeOneAnswer() throws Exception {
        Answer a = Answer.ofChunks(chunks(
                "{\"model\": \"m\", \"choices\": [{\"delta\": {\"role\": \"assistant\"}}]}",
                "{\"choices\": [{\"delta\": {\"content\": \"Hi\"}}]}",
                "{\"choices\": [{\"delta\": {\"content\": \" there\"}, \"finish_reason\": \"stop\"}]}"));
        assertThat(a.content()).isEqualTo("Hi there");
        assertThat(a.finishReason()).isEqualTo("stop");
        assertThat(a.model()).isEqualTo("m");
        assertThat(a.message().toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"Hi there\"}");
    }

    @Test
    void argumentsThatAreNotAnObjectNameTheToolAndItsCall() {
        Answer a = new Answer(null, List.of(new Answer.ToolCall("call_9", "lookup", "[1, 2]")), "tool_calls",
                "m",
                Usage.NONE, null);
        assertThatThrownBy(() -> Chat.output(a, 1)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("llm.bad_tool_call");
            assertThat(e.getMessage()).contains("tool 'lookup'", "[1, 2]");
        });
    }
}
