package dev.weft.connector.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.TriggerKind;
import dev.weft.connector.TriggerSpec;
import java.io.UncheckedIOException;
import java.util.List;

/** The {@code mqtt} connector's declaration: system configuration, its operation and its trigger. */
final class Schemas {
    static final OperationSpec PUBLISH = new OperationSpec(Publish.NAME,
            "Publishes one message. With QoS 1 (the default) it waits for the broker's PUBACK within the"
                    + " step's timeout: once it returns, the broker has the message. With QoS 0 it returns"
                    + " once the message is written to the connection, and the broker may lose it. Not"
                    + " idempotent: MQTT 3.1.1 messages carry no id a subscriber could deduplicate by, and a"
                    + " re-run step, or QoS 1 itself, may deliver a message twice. The topic must not contain"
                    + " wildcards or start with `$`.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["topic", "payload"],
                     "properties": {
                       "topic": {"type": "string", "minLength": 1, "pattern": "^[^+#$][^+#]*$",
                                 "description": "the topic to publish to; no wildcards ('+', '#') and not a $ topic"},
                       "payload": {"description": "any JSON, sent as JSON text (UTF-8); a string with a contentType is sent as it is"},
                       "contentType": {"type": "string",
                                       "description": "send a string payload as it is instead of as a JSON string; MQTT 3.1.1 does not transmit it"},
                       "qos": {"enum": [0, 1], "default": 1,
                               "description": "0: at most once, no acknowledgement; 1: at least once, waits for the PUBACK."},
                       "retain": {"type": "boolean", "default": false,
                                  "description": "the broker keeps the message as the topic's last value and hands it to future subscribers."}}}
                    """),
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["published"],
                     "properties": {"published": {"const": true}}}
                    """),
            false,
            List.of(new Example("Publish a reading as JSON and keep it as the topic's last value",
                    parse("""
                            {"topic": "sensors/kitchen/temperature", "payload": {"celsius": 21.5},
                             "qos": 1, "retain": true}
                            """),
                    parse("""
                            {"published": true}
                            """)),
                    new Example("Send plain text with QoS 0",
                            parse("""
                                    {"topic": "lights/hall/set", "payload": "ON", "contentType": "text/plain",
                                     "qos": 0}
                                    """),
                            parse("""
                                    {"published": true}
                                    """))));

    static final TriggerSpec SUBSCRIBE = new TriggerSpec(SubscribeConfig.NAME,
            "Starts an execution for each message on a topic filter. The subscription is a persistent session"
                    + " (clean session off, the same client id every time), so QoS 1 messages published while"
                    + " the trigger is stopped or reconnecting are kept by the broker. A QoS 1 message is"
                    + " acknowledged only after its execution is durably queued (or its id already started"
                    + " one). MQTT has no dead-letter queue: a message the flow rejects is acknowledged,"
                    + " logged and dropped. A message that cannot be queued now is not acknowledged and the"
                    + " subscription reconnects after a second, because the broker sends unacknowledged"
                    + " messages again only on a new connection (with QoS 0 such a message is lost). MQTT"
                    + " 3.1.1 gives messages no lasting id, so the event id is `sha256:` and a hash of the"
                    + " topic and payload: identical payloads on the same topic are one event, and publishers"
                    + " that repeat a payload on purpose must make it unique (a timestamp or sequence number)."
                    + " Up to 16 messages run at once, so their order is not kept. The session stays on the"
                    + " broker when the trigger stops; the broker's own expiry (Mosquitto's"
                    + " persistent_client_expiration) removes the session of a trigger that is gone.",
            TriggerKind.PUSH,
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["topic"],
                     "properties": {
                       "topic": {"type": "string", "minLength": 1,
                                 "description": "the topic filter; '+' matches one level and '#' the rest, as in sensors/+/temperature"},
                       "qos": {"enum": [0, 1], "default": 1,
                               "description": "the subscription's QoS: 1 keeps messages until they are acknowledged; 0 may lose them."},
                       "sharedGroup": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$",
                                       "description": "subscribe as $share/<group>/<topic>: the broker hands each message to one member of the group"},
                       "clientId": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$",
                                    "description": "the session's client id; by default the prefix, -sub- and a hash of the system, filter and qos. Give each Weft node its own when several share a group: two connections with one client id take the session from each other."}}}
                    """),
            parse("""
                    {"type": "object", "additionalProperties": false,
                     "required": ["topic", "payload", "payloadEncoding", "qos", "retained", "duplicate"],
                     "properties": {
                       "topic": {"type": "string", "description": "the topic the message was published to"},
                       "payload": {"description": "parsed JSON when the payload is JSON; else UTF-8 text; else base64"},
                       "payloadEncoding": {"enum": ["json", "text", "base64"]},
                       "qos": {"enum": [0, 1], "description": "the QoS it was delivered with"},
                       "retained": {"type": "boolean", "description": "a retained message, sent because the subscription was made"},
                       "duplicate": {"type": "boolean", "description": "the broker sent it before (an earlier delivery was not acknowledged)"}}}
                    """),
            List.of(new Example("Temperature readings of every room, shared among Weft nodes",
                    parse("""
                            {"topic": "sensors/+/temperature", "qos": 1, "sharedGroup": "weft"}
                            """),
                    parse("""
                            {"topic": "sensors/kitchen/temperature", "payload": {"celsius": 21.5},
                             "payloadEncoding": "json", "qos": 1, "retained": false, "duplicate": false}
                            """))));

    static final ConnectorSpec SPEC = ConnectorSpec.builder("mqtt", "1.0.0")
            .title("MQTT")
            .description("Publishes to and subscribes at an MQTT 3.1.1 broker such as Mosquitto. Publishing"
                    + " with QoS 1 waits for the broker's acknowledgement; the subscribe trigger keeps a"
                    + " persistent session and acknowledges a message only after its execution is durably"
                    + " queued. A credential is optional (anonymous brokers take none). The configured host"
                    + " must pass the platform's egress rules (a private address needs egress.allow).")
            .config(parse(
                    """
                            {"type": "object", "additionalProperties": false, "required": ["host"],
                             "properties": {
                               "host": {"type": "string", "minLength": 1, "description": "the broker's host name or address"},
                               "port": {"type": "integer", "minimum": 1, "maximum": 65535,
                                        "description": "1883, or 8883 with tls, unless given"},
                               "tls": {"type": "boolean", "default": false,
                                       "description": "MQTT over TLS, checked against the JVM's trust store and the host name."},
                               "clientIdPrefix": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,32}$", "default": "weft",
                                                  "description": "the start of every client id this system uses"},
                               "keepAlive": {"type": "integer", "minimum": 0, "maximum": 65535, "default": 30,
                                             "description": "seconds between pings, which detect a dead connection; 0 turns them off."},
                               "connectionTimeout": {"type": "integer", "minimum": 1, "maximum": 3600, "default": 10,
                                                     "description": "seconds for the TCP connection and the MQTT handshake."}}}
                            """))
            .credentials(CredentialType.BASIC)
            .operation(PUBLISH)
            .trigger(SUBSCRIBE)
            .build();

    private Schemas() {
    }

    static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
