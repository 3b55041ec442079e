package dev.weft.connector.rabbitmq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.weft.connector.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reads a delivered message as an {@link Event}, or says why it cannot be read (a poison message).
 *
 * <p>The event's id is the message's {@code message-id} when it has one (the {@code rabbitmq.publish}
 * operation sets it to the step's idempotency key). Without one it is {@code sha256:} and the SHA-256 of
 * the routing key, the headers (as JSON with sorted keys) and the body, so that a redelivery of the same
 * message gets the same id; two messages with the same routing key, headers and body and no message id
 * are then one event, and publishers that send such messages on purpose must set message ids.
 *
 * <p>The body is parsed JSON when the content type is {@code application/json} or {@code +json} (a body
 * that does not parse is poison), text when the content type is text or absent and the bytes are valid
 * in its charset (UTF-8 unless it names another), and base64 otherwise. Thread-safe.
 */
final class Deliveries {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Deliveries() {
    }

    /** What a delivery is: an event, or poison that must not reach the sink. */
    sealed interface Read permits Readable, Poison {
    }

    record Readable(Event event) implements Read {
    }

    /** @param reason why it cannot be read, for logs and the dead-letter header */
    record Poison(String reason) implements Read {
    }

    static Read read(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        String contentType = properties.getContentType();
        ObjectNode data = NODES.objectNode();
        String mediaType = contentType == null
                ? ""
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            JsonNode parsed;
            try {
                parsed = body.length == 0 ? null : JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return new Poison("the body is not valid JSON although its content type is " + contentType
                        + ": " + e.getOriginalMessage());
            } catch (IOException e) {
                return new Poison("the body could not be read as JSON: " + e.getMessage());
            }
            if (parsed == null || parsed.isMissingNode()) {
                return new Poison("the body is empty although its content type is " + contentType);
            }
            data.set("body", parsed);
            data.put("bodyEncoding", "json");
        } else {
            String text = mediaType.isEmpty() || mediaType.startsWith("text/")
                    ? text(body, contentType)
                    : null;
            data.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
            data.put("bodyEncoding", text != null ? "text" : "base64");
        }
        ObjectNode headers = AmqpValues.json(properties.getHeaders());
        data.set("headers", headers);
        data.put("routingKey", envelope.getRoutingKey());
        data.put("exchange", envelope.getExchange());
        String messageId = properties.getMessageId();
        data.put("messageId", messageId);
        data.put("contentType", contentType);
        data.put("redelivered", envelope.isRedeliver());
        String id = messageId != null && !messageId.isEmpty()
                ? messageId
                : contentHash(envelope.getRoutingKey(), headers, body);
        return new Readable(new Event(id, data));
    }

    /** {@code sha256:<hex>} of the routing key, the headers' sorted JSON and the body. */
    static String contentHash(String routingKey, ObjectNode headers, byte[] body) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        // Lengths first, so that moving bytes from one part to the next changes the hash.
        byte[] key = routingKey.getBytes(StandardCharsets.UTF_8);
        byte[] head = headers.toString().getBytes(StandardCharsets.UTF_8);
        for (byte[] part : new byte[][]{key, head, body}) {
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
            sha.update(part);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    /** The body as text in its content type's charset, or null when its bytes are not valid there. */
    private static String text(byte[] body, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("charset=")) {
                    try {
                        charset = Charset.forName(p.substring("charset=".length()).replace("\"", ""));
                    } catch (RuntimeException unknown) {
                        return null;
                    }
                }
            }
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
