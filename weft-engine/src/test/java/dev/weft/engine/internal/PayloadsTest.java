package dev.weft.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theRoughSizeIsNeverBelowTheSerialisedSize() throws Exception {
        for (String json : new String[]{"{\"a\":1,\"b\":[true,null,2.5,\"x\\\"y\"]}", "\"\\u0001\\n\\t\"",
                "[{\"k\":\"" + "é".repeat(100) + "\"},[],{}]", "12345678901234567890",
                "[-1.2345678901234567E-300]"}) {
            JsonNode node = MAPPER.readTree(json);
            assertThat(Payloads.roughSize(node, Long.MAX_VALUE)).as(json)
                    .isGreaterThanOrEqualTo(MAPPER.writeValueAsBytes(node).length);
        }
    }

    @Test
    void smallValuesStayInlineAndLargeOnesGoOutOfLineByContentHash() {
        ArrayNode big = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 2000; i++) {
            big.add("item-" + i);
        }
        assertThat(Payloads.maybeOutOfLine(JsonNodeFactory.instance.objectNode().put("a", 1), 1024)).isNull();
        var stored = Payloads.maybeOutOfLine(big, 1024);
        assertThat(stored).isNotNull();
        assertThat(stored.payload().hash()).isEqualTo(Payloads.sha256(stored.payload().json()));
        assertThat(Payloads.read(stored.payload().json())).isEqualTo(big);
    }
}
