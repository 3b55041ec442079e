package dev.weft.connector.rabbitmq;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Return;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code rabbitmq.publish}: publishes one message on a pooled channel in confirm mode and waits for the
 * broker's confirm within the call's timeout. The message id is the call's idempotency key, so that a
 * consumer can drop the copy a re-run step publishes again. A nack, and a mandatory message the broker
 * returned as unroutable, are errors. Thread-safe.
 */
final class Publish {
    static final String NAME = "rabbitmq.publish";
    private static final Inputs INPUTS = Inputs.ofOperation(NAME);
    private static final Set<String> FIELDS = Set.of("exchange", "routingKey", "body", "headers",
            "contentType", "persistent", "mandatory");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** AMQP delivery modes. */
    private static final int TRANSIENT = 1;
    private static final int PERSISTENT = 2;

    private final ChannelPool channels;
    private final Clock clock;

    Publish(ChannelPool channels, Clock clock) {
        this.channels = channels;
        this.clock = clock;
    }

    /** A publish's input, checked. */
    record Message(String exchange, String routingKey, byte[] body, String contentType,
            Map<String, Object> headers, boolean persistent, boolean mandatory) {

        static Message parse(JsonNode input) throws ConnectorException {
            INPUTS.requireObject(input, FIELDS);
            String exchange = shortString(INPUTS.text(input, "exchange", ""), "exchange");
            String routingKey = INPUTS.text(input, "routingKey", null);
            if (routingKey == null) {
                throw INPUTS.invalid("routingKey", "is required: the queue's name for the default exchange"
                        + " \"\", a key the exchange's bindings match, or \"\" for a fanout exchange");
            }
            shortString(routingKey, "routingKey");
            if (!input.has("body")) {
                throw INPUTS.invalid("body", "is required: any JSON value (null included)");
            }
            JsonNode body = input.get("body");
            String contentType = INPUTS.text(input, "contentType", null);
            byte[] bytes;
            if (body.isTextual() && contentType != null) {
                bytes = body.textValue().getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    bytes = JSON.writeValueAsBytes(body);
                } catch (JsonProcessingException e) {
                    throw INPUTS.invalid("body", "cannot be written as JSON: " + e.getOriginalMessage());
                }
                contentType = contentType == null ? "application/json" : contentType;
            }
            return new Message(exchange, routingKey, bytes, shortString(contentType, "contentType"),
                    AmqpValues.table(input.get("headers"), INPUTS, "headers"),
                    INPUTS.bool(input, "persistent", true), INPUTS.bool(input, "mandatory", false));
        }

        private static String shortString(String value, String field) throws ConnectorException {
            if (value.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw INPUTS.invalid(field, "must be at most 255 bytes long (an AMQP short string)");
            }
            return value;
        }

        String target() {
            return "exchange '" + exchange + "'" + (exchange.isEmpty() ? " (the default exchange)" : "")
                    + " with routing key '" + routingKey + "'";
        }
    }

    /**
     * The message's headers with the call's W3C {@code traceparent} added, unless the step set one (so a
     * consumer can join its trace to the execution's).
     */
    static Map<String, Object> traced(Map<String, Object> headers, Call call) {
        if (call.trace() == null || headers != null && headers.containsKey("traceparent")) {
            return headers;
        }
        Map<String, Object> with = headers == null
                ? new java.util.HashMap<>()
                : new java.util.HashMap<>(headers);
        with.put("traceparent", call.trace().traceparent());
        return with;
    }

    JsonNode invoke(Call call) throws ConnectorException {
        Message message = Message.parse(call.input());
        String doing = "publishing to " + message.target();
        String blocked = channels.blocked();
        if (blocked != null) {
            throw ConnectorException.retryable("rabbitmq.blocked", doing + ": the broker blocks publishers ("
                    + blocked + "); it resumes when the broker's memory or disk alarm clears", null, null);
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(message.contentType())
                .deliveryMode(message.persistent() ? PERSISTENT : TRANSIENT)
                .messageId(call.idempotencyKey())
                .timestamp(Date.from(clock.instant()))
                .headers(traced(message.headers(), call))
                .build();
        Return returned = channels.run(call, doing, lease -> {
            var confirm = lease.expectConfirm();
            lease.channel.basicPublish(message.exchange(), message.routingKey(), message.mandatory(),
                    properties, message.body());
            if (!confirm.get(lease.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw new Nacked();
            }
            // The broker sends a mandatory message's return before its confirm: it is here by now.
            return lease.returned.get();
        });
        if (returned != null) {
            throw ConnectorException.permanent("rabbitmq.unroutable", doing + ": the broker returned the"
                    + " mandatory message (" + returned.getReplyCode() + " " + returned.getReplyText()
                    + "): no queue is bound for this routing key; bind a queue, fix routingKey, or publish"
                    + " with mandatory false to let unroutable messages be dropped", null, null);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("confirmed", true);
        out.put("messageId", call.idempotencyKey());
        return out;
    }

    /** The broker nacked the message: it could not take responsibility for it. */
    static final class Nacked extends IOException {
        private static final long serialVersionUID = 1L;

        Nacked() {
            super("the broker did not confirm the message (nack): it could not take responsibility for it,"
                    + " for example a queue at its length limit with overflow reject-publish");
        }
    }
}
