package dev.weft.connector.kit.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a stored cursor: this trigger's, another configuration's, an older version's, or a broken one. */
class CursorFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectNode INVOICES = JsonNodeFactory.instance.objectNode().put("resource",
            "invoices");
    private static final CursorFormat FORMAT = CursorFormat.of("acme.changed", MarkOrder.NUMBER)
            .withPageNumber("page", 0);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static void refused(CursorFormat format, String stored, String... said) {
        assertThatThrownBy(() -> format.read(json(stored), INVOICES))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("acme.cursor");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("acme.changed", "reset the trigger's cursor")
                            .contains(said);
                });
    }

    @Test
    void noCursorIsAFirstPoll() throws Exception {
        assertThat(FORMAT.read(null, INVOICES)).isEmpty();
        assertThat(FORMAT.read(json("null"), INVOICES)).isEmpty();
    }

    @Test
    void whatItWritesItReads() throws Exception {
        ChangeCursor c = FORMAT.read(json("{\"resource\": \"invoices\", \"since\": 1796551200, \"seen\":"
                + " [\"7\", \"8\"], \"page\": 3}"), INVOICES).orElseThrow();
        assertThat(c.mark().longValue()).isEqualTo(1796551200L);
        assertThat(c.seen()).containsExactly("7", "8");
        assertThat(c.pagingNumber()).isEqualTo(3);
        assertThat(FORMAT.read(c.toJson(), INVOICES)).contains(c);
    }

    @Test
    void aCursorOfAnotherConfigurationStartsAfresh() throws Exception {
        assertThat(FORMAT.read(json("{\"resource\": \"orders\", \"since\": 1, \"seen\": [], \"page\": 0}"),
                INVOICES)).as("the flow now names invoices").isEmpty();
        ObjectNode two = INVOICES.deepCopy().put("field", "SystemModstamp");
        assertThat(FORMAT.read(json("{\"resource\": \"invoices\", \"since\": 1, \"seen\": []}"), two))
                .as("written before the trigger had a second scope field").isEmpty();
    }

    @Test
    void aCursorWrittenByAnOlderVersionWithoutIdsOrPagingIsRead() throws Exception {
        ChangeCursor c = FORMAT.read(json("{\"resource\": \"invoices\", \"since\": 100}"), INVOICES)
                .orElseThrow();
        assertThat(c.seen()).isEmpty();
        assertThat(c.pagingNumber()).isZero();
        ChangeCursor numbers = FORMAT
                .read(json("{\"resource\": \"invoices\", \"since\": 100, \"seen\": [7, 8],"
                        + " \"page\": null}"), INVOICES)
                .orElseThrow();
        assertThat(numbers.seen()).as("ids once written as numbers").containsExactly("7", "8");
        assertThat(numbers.take(List.of(new Change("7", JSON.getNodeFactory().numberNode(100),
                JSON.createObjectNode())), false).taken()).isEmpty();
        CursorFormat tokens = CursorFormat.of("acme.changed", MarkOrder.TIME).withToken("next", false);
        assertThat(tokens.read(json("{\"resource\": \"invoices\", \"since\": \"2026-12-06T10:00:00Z\","
                + " \"seen\": []}"), INVOICES).orElseThrow().pagingToken()).isNull();
    }

    @Test
    void aDamagedCursorIsAnErrorNamingTheFieldAndWhatItShouldHold() {
        refused(FORMAT, "\"since=100\"", "not a JSON object");
        refused(FORMAT, "{\"resource\": \"invoices\", \"seen\": []}", "'since' must be a number", "missing");
        refused(FORMAT, "{\"resource\": \"invoices\", \"since\": \"yesterday\"}", "'since' must be a number",
                "\"yesterday\"");
        refused(FORMAT, "{\"resource\": \"invoices\", \"since\": 1, \"seen\": \"7\"}",
                "'seen' must be an array");
        refused(FORMAT, "{\"resource\": \"invoices\", \"since\": 1, \"seen\": [{\"id\": 7}]}",
                "'seen' must hold ids");
        refused(FORMAT, "{\"resource\": \"invoices\", \"since\": 1, \"page\": -1}", "'page' must be a whole"
                + " number from 0");
        refused(FORMAT, "{\"resource\": \"invoices\", \"since\": 1, \"page\": \"2\"}", "'page'");
        refused(CursorFormat.of("acme.changed", MarkOrder.TIME), "{\"resource\": \"invoices\", \"since\":"
                + " \"2026-12-06 10:00\"}", "ISO-8601");
        refused(CursorFormat.of("acme.changed", MarkOrder.TEXT).withToken("after", true),
                "{\"resource\": \"invoices\", \"since\": \"a\", \"after\": 5}", "'after' must be a string");
    }

    @Test
    void anotherTriggersCursorIsAnErrorSayingWhatThisTriggerWrites() {
        refused(FORMAT, "{\"id\": \"/id\", \"sinceField\": \"/updatedAt\", \"seen\": []}",
                "not one of this trigger's", "[id, sinceField, seen]", "[resource, since, seen, page]");
    }

    @Test
    void aLongValueIsCutShortInTheMessage() {
        String longText = "x".repeat(500);
        assertThatThrownBy(() -> FORMAT.read(json("{\"resource\": \"invoices\", \"since\": \"" + longText
                + "\"}"), INVOICES)).hasMessageNotContaining(longText).hasMessageContaining("…");
    }

    @Test
    void aFormatRefusesWhatCannotBeStored() {
        assertThatThrownBy(() -> FORMAT.withSeenLimit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seenLimit must be at least 1, but was 0");
        assertThatThrownBy(() -> FORMAT.withPageNumber("seen", 0)).hasMessageContaining("seen");
        assertThatThrownBy(() -> FORMAT.withPageNumber("page", -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> FORMAT.start(INVOICES, JSON.getNodeFactory().textNode("100")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a number");
        assertThatThrownBy(() -> FORMAT.start(INVOICES, JSON.getNodeFactory().numberNode(1)).pagingToken())
                .isInstanceOf(IllegalStateException.class);
    }
}
