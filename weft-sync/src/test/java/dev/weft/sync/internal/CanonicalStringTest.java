package dev.weft.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** Canonical text writes strings itself; links store hashes of it, so it must stay Jackson's text exactly. */
class CanonicalStringTest {

    private static String quoted(String s) {
        StringBuilder out = new StringBuilder();
        Canonical.string(s, out);
        return out.toString();
    }

    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String s = "a" + c + "b";
            assertThat(quoted(s)).as("U+%04X", (int) c)
                    .isEqualTo(JsonNodeFactory.instance.textNode(s).toString());
        }
    }

    @Test
    void namesAndValuesOfRecordsKeepTheirText() {
        var record = JsonNodeFactory.instance.objectNode().put("na\"me", "Zoë \\ \"x\"\n\t\u0001 😀")
                .put("ok", true).put("n", 1.50);
        assertThat(Canonical.text(record))
                .isEqualTo("{\"n\":1.5,\"na\\\"me\":\"Zoë \\\\ \\\"x\\\"\\n\\t\\u0001 😀\",\"ok\":true}");
    }
}
