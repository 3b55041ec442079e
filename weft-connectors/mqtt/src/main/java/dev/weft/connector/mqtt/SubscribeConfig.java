package dev.weft.connector.mqtt;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration of an {@code mqtt.subscribe} trigger. Immutable.
 *
 * @param topic the topic filter; wildcards allowed
 * @param qos the subscription's maximum QoS, 0 or 1
 * @param sharedGroup the shared subscription group ({@code $share/<group>/<topic>}), or null
 * @param clientId the client id of the persistent session, or null for one derived from the system and
 *     this configuration
 */
record SubscribeConfig(String topic, int qos, String sharedGroup, String clientId) {
    static final String NAME = "mqtt.subscribe";
    private static final Inputs INPUTS = Inputs.ofTrigger(NAME);
    private static final Set<String> FIELDS = Set.of("topic", "qos", "sharedGroup", "clientId");
    private static final String NAME_CHARS = "[A-Za-z0-9_.-]{1,64}";

    SubscribeConfig {
        Objects.requireNonNull(topic, "topic");
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("qos must be 0 or 1, but was " + qos);
        }
    }

    static SubscribeConfig from(JsonNode config) throws ConnectorException {
        INPUTS.requireObject(config, FIELDS);
        String topic = Topics.filter(INPUTS.required(config, "topic", "sensors/+/temperature"), INPUTS,
                "topic");
        int qos = INPUTS.integer(config, "qos", 1, 0, 1);
        String group = INPUTS.text(config, "sharedGroup", null);
        if (group != null && !group.matches(NAME_CHARS)) {
            throw INPUTS.invalid("sharedGroup", "must be 1 to 64 letters, digits, '_', '.' or '-', but was '"
                    + group + "'");
        }
        String clientId = INPUTS.text(config, "clientId", null);
        if (clientId != null && !clientId.matches(NAME_CHARS)) {
            throw INPUTS.invalid("clientId", "must be 1 to 64 letters, digits, '_', '.' or '-', but was '"
                    + clientId + "'");
        }
        return new SubscribeConfig(topic, qos, group, clientId);
    }

    /** What is subscribed to: the topic, or {@code $share/<group>/<topic>}. */
    String filter() {
        return sharedGroup == null ? topic : "$share/" + sharedGroup + "/" + topic;
    }

    /**
     * The persistent session's client id: given, or {@code <prefix>-sub-} and a hash of the system and this
     * configuration, the same every time the trigger starts so that the broker keeps its messages.
     */
    String sessionClientId(String prefix, String systemId) {
        if (clientId != null) {
            return clientId;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha
                    .digest((systemId + "\n" + filter() + "\n" + qos).getBytes(StandardCharsets.UTF_8));
            return prefix + "-sub-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
