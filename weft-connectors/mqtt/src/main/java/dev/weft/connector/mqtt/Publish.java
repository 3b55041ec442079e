package dev.weft.connector.mqtt;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * {@code mqtt.publish}: publishes one message with QoS 0 or 1 and, for QoS 1, waits for the broker's
 * PUBACK within the call's timeout. Not idempotent: MQTT 3.1.1 has no message id a subscriber could
 * deduplicate by, and a QoS 1 message may arrive twice. Thread-safe.
 */
final class Publish {
    static final String NAME = "mqtt.publish";
    private static final Inputs INPUTS = Inputs.ofOperation(NAME);
    private static final Set<String> FIELDS = Set.of("topic", "payload", "contentType", "qos", "retain");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Publisher publisher;

    Publish(Publisher publisher) {
        this.publisher = publisher;
    }

    /** A publish's input, checked. */
    record Message(String topic, byte[] payload, int qos, boolean retain) {

        static Message parse(JsonNode input) throws ConnectorException {
            INPUTS.requireObject(input, FIELDS);
            String topic = Topics.name(INPUTS.required(input, "topic", "sensors/kitchen/temperature"), INPUTS,
                    "topic");
            if (!input.has("payload")) {
                throw INPUTS.invalid("payload", "is required: any JSON value (null included)");
            }
            JsonNode payload = input.get("payload");
            String contentType = INPUTS.text(input, "contentType", null);
            byte[] bytes;
            if (payload.isTextual() && contentType != null) {
                bytes = payload.textValue().getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    bytes = JSON.writeValueAsBytes(payload);
                } catch (JsonProcessingException e) {
                    throw INPUTS.invalid("payload", "cannot be written as JSON: " + e.getOriginalMessage());
                }
            }
            return new Message(topic, bytes, INPUTS.integer(input, "qos", 1, 0, 1),
                    INPUTS.bool(input, "retain", false));
        }
    }

    JsonNode invoke(Call call) throws ConnectorException {
        Message message = Message.parse(call.input());
        MqttMessage mqtt = new MqttMessage(message.payload());
        mqtt.setQos(message.qos());
        mqtt.setRetained(message.retain());
        publisher.publish(call, message.topic(), mqtt, "publishing to topic '" + message.topic() + "'");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("published", true);
        return out;
    }
}
