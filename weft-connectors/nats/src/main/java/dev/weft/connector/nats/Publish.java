package dev.weft.connector.nats;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code nats.publish}: publishes one message to JetStream and waits for the stream's acknowledgement
 * within the call's timeout. The {@code Nats-Msg-Id} header is the call's idempotency key, so the stream
 * drops a copy that a re-run step publishes again within its duplicate window (and says so:
 * {@code duplicate: true}). Cancelling the call stops the wait. Thread-safe.
 */
final class Publish {
    static final String NAME = "nats.publish";
    static final String MSG_ID = "Nats-Msg-Id";
    static final String CONTENT_TYPE = "Content-Type";
    static final String JSON_TYPE = "application/json";
    private static final Inputs INPUTS = Inputs.ofOperation(NAME);
    private static final Set<String> FIELDS = Set.of("subject", "data", "headers", "contentType");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerLink link;

    Publish(ServerLink link) {
        this.link = link;
    }

    /** A publish's input, checked. */
    record Message(String subject, byte[] data, Headers headers) {

        static Message parse(JsonNode input) throws ConnectorException {
            INPUTS.requireObject(input, FIELDS);
            String subject = INPUTS.required(input, "subject", "orders.created");
            if (subject.contains("*") || subject.contains(">")
                    || subject.chars().anyMatch(Character::isWhitespace)) {
                throw INPUTS.invalid("subject", "must be a subject without wildcards or spaces, such as"
                        + " \"orders.created\", but was '" + subject + "'");
            }
            if (!input.has("data")) {
                throw INPUTS.invalid("data", "is required: any JSON value (null included)");
            }
            JsonNode data = input.get("data");
            String contentType = INPUTS.text(input, "contentType", null);
            byte[] bytes;
            if (data.isTextual() && contentType != null) {
                bytes = data.textValue().getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    bytes = JSON.writeValueAsBytes(data);
                } catch (JsonProcessingException e) {
                    throw INPUTS.invalid("data", "cannot be written as JSON: " + e.getOriginalMessage());
                }
                contentType = contentType == null ? JSON_TYPE : contentType;
            }
            Headers headers = headers(input.get("headers"));
            headers.put(CONTENT_TYPE, contentType);
            return new Message(subject, bytes, headers);
        }

        private static Headers headers(JsonNode given) throws ConnectorException {
            Headers headers = new Headers();
            if (given == null || given.isNull()) {
                return headers;
            }
            if (!given.isObject()) {
                throw INPUTS.invalid("headers",
                        "must be an object of names to a string or a list of strings");
            }
            for (Map.Entry<String, JsonNode> e : given.properties()) {
                String name = e.getKey();
                if (name.equalsIgnoreCase(MSG_ID)) {
                    throw INPUTS.invalid("headers",
                            "must not set " + MSG_ID + ": it is the step's idempotency"
                                    + " key, set by the connector");
                }
                if (name.toLowerCase(Locale.ROOT).equals(CONTENT_TYPE.toLowerCase(Locale.ROOT))) {
                    throw INPUTS.invalid("headers", "must not set " + CONTENT_TYPE + ": use contentType");
                }
                try {
                    JsonNode value = e.getValue();
                    if (value.isTextual()) {
                        headers.add(name, value.textValue());
                    } else if (value.isArray() && !value.isEmpty()) {
                        for (JsonNode v : value) {
                            if (!v.isTextual()) {
                                throw INPUTS.invalid("headers", "'" + name + "' must hold strings only");
                            }
                            headers.add(name, v.textValue());
                        }
                    } else {
                        throw INPUTS.invalid("headers", "'" + name + "' must be a string or a non-empty list"
                                + " of strings, but was " + value);
                    }
                } catch (IllegalArgumentException bad) {
                    throw INPUTS.invalid("headers", "'" + name + "' is not a valid header: " + bad
                            .getMessage());
                }
            }
            return headers;
        }
    }

    JsonNode invoke(Call call) throws ConnectorException {
        Message message = Message.parse(call.input());
        String doing = "publishing to subject '" + message.subject() + "'";
        if (call.cancellation().cancelled()) {
            throw cancelled(call, doing);
        }
        JetStream jetStream;
        try {
            jetStream = link.connection().jetStream();
        } catch (java.io.IOException e) {
            throw Failures.of(e, doing, link.where());
        }
        if (call.trace() != null && !message.headers().containsKey("traceparent")) {
            // The call's W3C trace context, so that a consumer can join its trace to the execution's.
            message.headers().put("traceparent", call.trace().traceparent());
        }
        PublishOptions options = PublishOptions.builder().messageId(call.idempotencyKey()).build();
        CompletableFuture<PublishAck> acked;
        try {
            acked = jetStream.publishAsync(message.subject(), message.headers(), message.data(), options);
        } catch (RuntimeException e) {
            throw Failures.of(e, doing, link.where());
        }
        call.cancellation().onCancel(() -> acked.cancel(true));
        PublishAck ack;
        try {
            ack = acked.get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            acked.cancel(true);
            throw ConnectorException.retryable("nats.timeout", doing + " at " + link.where() + ": no"
                    + " acknowledgement from the stream within " + call.timeout() + "; a retry with the same"
                    + " idempotency key is dropped as a duplicate if this one was stored", null, null);
        } catch (java.util.concurrent.CancellationException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw cancelled(call, doing);
        } catch (ExecutionException e) {
            throw Failures.of(e, doing, link.where());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("stream", ack.getStream());
        out.put("seq", ack.getSeqno());
        out.put("duplicate", ack.isDuplicate());
        return out;
    }

    private static ConnectorException cancelled(Call call, String doing) {
        return ConnectorException.retryable("nats.cancelled", doing + " was cancelled" + (call.cancellation()
                .cancelled() ? " (" + call.cancellation().reason() + ")" : ""), null, null);
    }
}
