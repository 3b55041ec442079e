package dev.weft.connector.nats;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Event;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Reads a JetStream message as an {@link Event}, or says why it cannot be read (a poison message).
 *
 * <p>The event id is {@code <stream>:<stream sequence>}: the same on every redelivery, and unique for the
 * stream's life (a purged stream does not reuse sequences). The data is parsed JSON when the
 * {@code Content-Type} header is {@code application/json} or {@code +json} (data that does not parse is
 * poison); without a content type it is JSON when it parses, else UTF-8 text, else base64; text for
 * {@code text/*}; base64 otherwise. Thread-safe.
 */
final class Deliveries {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Deliveries() {
    }

    /** What a message is: an event, or poison that must not reach the sink. */
    sealed interface Read permits Readable, Poison {
    }

    record Readable(Event event) implements Read {
    }

    /** @param reason why it cannot be read, for logs and the dead-letter copy's header */
    record Poison(String reason) implements Read {
    }

    /** {@code <stream>:<stream sequence>}, stable across redeliveries. */
    static String eventId(NatsJetStreamMetaData meta) {
        return meta.getStream() + ":" + meta.streamSequence();
    }

    static Read read(Message message) {
        NatsJetStreamMetaData meta = message.metaData();
        byte[] body = message.getData() == null ? new byte[0] : message.getData();
        Headers headers = message.getHeaders();
        String contentType = headers == null ? null : headers.getFirst(Publish.CONTENT_TYPE);
        String mediaType = contentType == null
                ? ""
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        ObjectNode data = NODES.objectNode();
        data.put("subject", message.getSubject());
        if (mediaType.equals(Publish.JSON_TYPE) || mediaType.endsWith("+json")) {
            JsonNode parsed = json(body);
            if (parsed == null) {
                return new Poison("the data is not valid JSON although its Content-Type is " + contentType);
            }
            data.set("data", parsed);
            data.put("dataEncoding", "json");
        } else {
            JsonNode parsed = mediaType.isEmpty() ? json(body) : null;
            String text = parsed == null && (mediaType.isEmpty() || mediaType.startsWith("text/"))
                    ? utf8(body)
                    : null;
            if (parsed != null) {
                data.set("data", parsed);
                data.put("dataEncoding", "json");
            } else if (text != null) {
                data.put("data", text);
                data.put("dataEncoding", "text");
            } else {
                data.put("data", Base64.getEncoder().encodeToString(body));
                data.put("dataEncoding", "base64");
            }
        }
        data.set("headers", headers(headers));
        data.put("stream", meta.getStream());
        data.put("sequence", meta.streamSequence());
        data.put("delivered", meta.deliveredCount());
        data.put("timestamp", meta.timestamp().toInstant().toString());
        return new Readable(new Event(eventId(meta), data));
    }

    /** Header names (sorted) to their values, in order. */
    static ObjectNode headers(Headers headers) {
        ObjectNode out = NODES.objectNode();
        if (headers == null) {
            return out;
        }
        for (String name : new TreeSet<>(headers.keySet())) {
            ArrayNode values = out.putArray(name);
            headers.get(name).forEach(values::add);
        }
        return out;
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode parsed = JSON.readTree(body);
            return parsed == null || parsed.isMissingNode() ? null : parsed;
        } catch (IOException e) {
            return null;
        }
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
