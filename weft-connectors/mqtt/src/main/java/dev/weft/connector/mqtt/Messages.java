package dev.weft.connector.mqtt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Reads a received message as an {@link Event}.
 *
 * <p>MQTT 3.1.1 gives a message no id that survives redelivery (the packet id is per connection), so the
 * event id is {@code sha256:} and the SHA-256 of the topic and the payload: a redelivery gets the same
 * id, and so do two messages with the same payload on the same topic, which are therefore one event.
 * Publishers that repeat a payload on purpose must make it unique (a timestamp or sequence number in it).
 *
 * <p>MQTT 3.1.1 has no content type either: a payload that parses as JSON is JSON, else valid UTF-8 is
 * text, else it is base64. Thread-safe.
 */
final class Messages {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Messages() {
    }

    static Event event(String topic, MqttMessage message) {
        byte[] payload = message.getPayload();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("topic", topic);
        JsonNode json = json(payload);
        String text = json == null ? text(payload) : null;
        if (json != null) {
            data.set("payload", json);
            data.put("payloadEncoding", "json");
        } else if (text != null) {
            data.put("payload", text);
            data.put("payloadEncoding", "text");
        } else {
            data.put("payload", Base64.getEncoder().encodeToString(payload));
            data.put("payloadEncoding", "base64");
        }
        data.put("qos", message.getQos());
        data.put("retained", message.isRetained());
        data.put("duplicate", message.isDuplicate());
        return new Event(contentHash(topic, payload), data);
    }

    /** {@code sha256:<hex>} of the topic and the payload, each preceded by its length. */
    static String contentHash(String topic, byte[] payload) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        for (byte[] part : new byte[][]{name, payload}) {
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
            sha.update(part);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static JsonNode json(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        try {
            JsonNode parsed = JSON.readTree(payload);
            return parsed == null || parsed.isMissingNode() ? null : parsed;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
