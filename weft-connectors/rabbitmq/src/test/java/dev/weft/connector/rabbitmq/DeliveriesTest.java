package dev.weft.connector.rabbitmq;

import dev.weft.connector.Inputs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.weft.connector.Event;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Envelope ENVELOPE = new Envelope(7, false, "orders", "order.created");

    private static AMQP.BasicProperties type(String contentType) {
        return new AMQP.BasicProperties.Builder().contentType(contentType).build();
    }

    private static Event event(AMQP.BasicProperties properties, byte[] body) {
        Deliveries.Read read = Deliveries.read(ENVELOPE, properties, body);
        assertThat(read).isInstanceOf(Deliveries.Readable.class);
        return ((Deliveries.Readable) read).event();
    }

    private static String poison(AMQP.BasicProperties properties, String body) {
        Deliveries.Read read = Deliveries.read(ENVELOPE, properties, body.getBytes(StandardCharsets.UTF_8));
        assertThat(read).isInstanceOf(Deliveries.Poison.class);
        return ((Deliveries.Poison) read).reason();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonBodyIsParsedForJsonAndPlusJsonContentTypes() throws Exception {
        assertThat(event(type("application/json; charset=utf-8"), utf8("{\"a\": [1, 2]}")).data().get("body"))
                .isEqualTo(JSON.readTree("{\"a\": [1, 2]}"));
        Event vendor = event(type("application/vnd.order+json"), utf8("42"));
        assertThat(vendor.data().get("body").intValue()).isEqualTo(42);
        assertThat(vendor.data().get("bodyEncoding").textValue()).isEqualTo("json");
    }

    @Test
    void aBodyThatIsNotTheJsonItsContentTypeDeclaresIsPoison() {
        assertThat(poison(type("application/json"), "{\"a\": 1")).contains("not valid JSON")
                .contains("application/json");
        assertThat(poison(type("application/json"), "{\"a\": 1} trailing")).contains("not valid JSON");
        assertThat(poison(type("application/json"), "")).contains("empty");
    }

    @Test
    void textIsDecodedInItsCharsetAndOtherBytesAreBase64() {
        Event plain = event(new AMQP.BasicProperties(), utf8("héllo"));
        assertThat(plain.data().get("body").textValue()).isEqualTo("héllo");
        assertThat(plain.data().get("bodyEncoding").textValue()).isEqualTo("text");
        assertThat(plain.data().get("contentType").isNull()).isTrue();

        Event latin = event(type("text/plain; charset=ISO-8859-1"),
                "café".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(latin.data().get("body").textValue()).isEqualTo("café");

        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0x41};
        Event bytes = event(new AMQP.BasicProperties(), notUtf8);
        assertThat(bytes.data().get("bodyEncoding").textValue()).isEqualTo("base64");
        assertThat(bytes.data().get("body").textValue()).isEqualTo("//5B");
        assertThat(event(type("application/octet-stream"), utf8("abc")).data().get("body").textValue())
                .isEqualTo("YWJj");
    }

    @Test
    void theEventCarriesWhereTheMessageCameFrom() {
        Event e = Deliveries.read(new Envelope(3, true, "", "jobs"),
                new AMQP.BasicProperties.Builder().messageId("m-9").contentType("text/plain").build(),
                utf8("x")) instanceof Deliveries.Readable r ? r.event() : null;
        assertThat(e).isNotNull();
        assertThat(e.id()).isEqualTo("m-9");
        assertThat(e.data().get("routingKey").textValue()).isEqualTo("jobs");
        assertThat(e.data().get("exchange").textValue()).isEmpty();
        assertThat(e.data().get("redelivered").booleanValue()).isTrue();
        assertThat(e.data().get("messageId").textValue()).isEqualTo("m-9");
    }

    @Test
    void withoutAMessageIdTheIdHashesRoutingKeyHeadersAndBodyWhateverTheHeaderOrder() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", "two");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", LongStringHelper.asLongString("two"));
        ba.put("a", 1);
        AMQP.BasicProperties first = new AMQP.BasicProperties.Builder().headers(ab).messageId("").build();
        AMQP.BasicProperties second = new AMQP.BasicProperties.Builder().headers(ba).build();

        String id = event(first, utf8("body")).id();

        assertThat(id).startsWith("sha256:").hasSize("sha256:".length() + 64);
        assertThat(event(second, utf8("body")).id()).isEqualTo(id);
        assertThat(event(second, utf8("other")).id()).isNotEqualTo(id);
        assertThat(Deliveries.read(new Envelope(1, false, "orders", "other.key"), second, utf8("body")))
                .isInstanceOfSatisfying(Deliveries.Readable.class,
                        r -> assertThat(r.event().id()).isNotEqualTo(id));
    }

    @Test
    void theHashTellsWhereOnePartEndsAndTheNextBegins() {
        var noHeaders = AmqpValues.json(null);
        assertThat(Deliveries.contentHash("ab", noHeaders, utf8("c")))
                .isNotEqualTo(Deliveries.contentHash("a", noHeaders, utf8("bc")));
    }

    @Test
    void amqpTablesBecomeJsonWithSortedKeys() throws Exception {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("z", LongStringHelper.asLongString("text"));
        table.put("bytes", new byte[]{1, 2, 3});
        table.put("when", Date.from(java.time.Instant.parse("2025-01-02T03:04:05Z")));
        table.put("nested", Map.of("n", 1L, "list", List.of(true, 2.5)));

        JsonNode json = AmqpValues.json(table);

        // compared as text: a 64-bit 1 and a 32-bit 1 are different JsonNodes but the same JSON
        assertThat(json.toString())
                .isEqualTo(JSON.readTree("{\"bytes\": \"AQID\", \"nested\": {\"list\": [true, 2.5],"
                        + " \"n\": 1}, \"when\": \"2025-01-02T03:04:05Z\", \"z\": \"text\"}").toString());
    }

    @Test
    void jsonBecomesAnAmqpTableWithIntsWhereTheyFit() throws Exception {
        Map<String, Object> table = AmqpValues.table(JSON.readTree("{\"ttl\": 60000, \"big\": 5000000000,"
                + " \"ratio\": 0.5, \"on\": true, \"tags\": [\"a\"], \"inner\": {\"k\": \"v\"}}"),
                Inputs.ofOperation("rabbitmq.publish"), "headers");

        assertThat(table).containsEntry("ttl", 60000).containsEntry("big", 5_000_000_000L)
                .containsEntry("ratio", 0.5).containsEntry("on", true).containsEntry("tags", List.of("a"))
                .containsEntry("inner", Map.of("k", "v"));
    }
}
