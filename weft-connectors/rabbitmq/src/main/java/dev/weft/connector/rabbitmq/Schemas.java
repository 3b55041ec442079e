package dev.weft.connector.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.UncheckedIOException;
import java.util.List;

/** The {@code rabbitmq} connector's declaration: system configuration, operations and its trigger. */
final class Schemas {
    static final OperationSpec PUBLISH = new OperationSpec(Publish.NAME,
            "Publishes one message and waits for the broker's publisher confirm (within the step's timeout):"
                    + " once it returns, the broker has taken responsibility for the message. The message id"
                    + " is the step's idempotency key, so consumers can drop the copy a re-run publishes"
                    + " again. A nack, an unknown exchange and, with `mandatory`, a message no queue is"
                    + " bound for are errors.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["routingKey", "body"],
                     "properties": {
                       "exchange": {"type": "string", "maxLength": 255, "default": "",
                                    "description": "\\"\\" is the default exchange, which routes to the queue named by routingKey."},
                       "routingKey": {"type": "string", "maxLength": 255,
                                      "description": "a queue's name on the default exchange, else what the exchange's bindings match (\\"\\" for fanout)"},
                       "body": {"description": "any JSON, sent as application/json; a string with a contentType is sent as it is (UTF-8)"},
                       "headers": {"type": "object", "description": "message headers",
                                   "additionalProperties": {"type": ["string", "number", "boolean", "array", "object"]}},
                       "contentType": {"type": "string", "maxLength": 255,
                                       "description": "the message's content type; application/json unless given"},
                       "persistent": {"type": "boolean", "default": true,
                                      "description": "delivery mode 2: a durable queue keeps the message on disk."},
                       "mandatory": {"type": "boolean", "default": false,
                                     "description": "fail when no queue is bound for the routing key, instead of the broker dropping the message."}}}
                    """),
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["confirmed", "messageId"],
                     "properties": {
                       "confirmed": {"const": true},
                       "messageId": {"type": "string", "description": "the message-id sent: the step's idempotency key"}}}
                    """),
            false,
            List.of(new Example("Publish an order event to a topic exchange",
                    parse("""
                            {"exchange": "orders", "routingKey": "order.created",
                             "body": {"orderId": 42, "total": 99.5}, "headers": {"source": "shop"}}
                            """),
                    parse("""
                            {"confirmed": true, "messageId": "0b6f3c1e-5d7a-4c2e-9f0a-2d1e8b7c6a54/notify"}
                            """)),
                    new Example("Send CSV text straight to a queue, failing if the queue does not exist",
                            parse("""
                                    {"routingKey": "imports", "body": "sku,qty\\nA-1,3\\n",
                                     "contentType": "text/csv", "mandatory": true}
                                    """),
                            null)));

    static final OperationSpec DECLARE_QUEUE = new OperationSpec(DeclareQueue.NAME,
            "Declares a queue, or checks that it exists with the same settings (declaring it again changes"
                    + " nothing; a queue that exists with other settings is an error). Returns its message and"
                    + " consumer counts.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["queue"],
                     "properties": {
                       "queue": {"type": "string", "minLength": 1, "maxLength": 255},
                       "durable": {"type": "boolean", "default": true,
                                   "description": "survives a broker restart."},
                       "arguments": {"type": "object",
                                     "description": "queue arguments, such as x-dead-letter-exchange, x-message-ttl or x-queue-type",
                                     "additionalProperties": {"type": ["string", "number", "boolean", "array", "object"]}}}}
                    """),
            parse("""
                    {"type": "object", "additionalProperties": false,
                     "required": ["queue", "messageCount", "consumerCount"],
                     "properties": {
                       "queue": {"type": "string"},
                       "messageCount": {"type": "integer", "minimum": 0, "description": "messages ready for delivery"},
                       "consumerCount": {"type": "integer", "minimum": 0}}}
                    """),
            true,
            List.of(new Example("A durable queue whose rejected messages go to a dead-letter exchange",
                    parse("""
                            {"queue": "orders", "arguments": {"x-dead-letter-exchange": "orders.dead"}}
                            """),
                    parse("""
                            {"queue": "orders", "messageCount": 0, "consumerCount": 1}
                            """))));

    static final ConnectorSpec SPEC = ConnectorSpec.builder("rabbitmq", "1.0.0")
            .title("RabbitMQ")
            .description("Publishes to and consumes from a RabbitMQ broker (AMQP 0-9-1). Publishing waits for"
                    + " the broker's confirm; the consume trigger acknowledges a message only after its"
                    + " execution is durably queued, and dead-letters messages that can never run. The"
                    + " configured host must pass the platform's egress rules (a private address needs"
                    + " egress.allow).")
            .config(parse(
                    """
                            {"type": "object", "additionalProperties": false, "required": ["host"],
                             "properties": {
                               "host": {"type": "string", "minLength": 1, "description": "the broker's host name or address"},
                               "port": {"type": "integer", "minimum": 1, "maximum": 65535,
                                        "description": "5672, or 5671 with tls, unless given"},
                               "virtualHost": {"type": "string", "default": "/"},
                               "tls": {"type": "boolean", "default": false,
                                       "description": "AMQPS, checked against the JVM's trust store and the host name."},
                               "connectionTimeout": {"type": "integer", "minimum": 1, "default": 10000,
                                                     "description": "milliseconds for the TCP connection and the AMQP handshake."},
                               "heartbeat": {"type": "integer", "minimum": 0, "maximum": 65535, "default": 60,
                                             "description": "seconds between heartbeats, which detect a dead connection; 0 turns them off."}}}
                            """))
            .credentials(CredentialType.BASIC)
            .credentialRequired()
            .operation(PUBLISH)
            .operation(DECLARE_QUEUE)
            .trigger(ConsumeSchemas.CONSUME)
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
