package dev.weft.connector.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.UncheckedIOException;
import java.util.List;

/** The {@code nats} connector's declaration: system configuration, operations and its trigger. */
final class Schemas {
    static final OperationSpec PUBLISH = new OperationSpec(Publish.NAME,
            "Publishes one message to JetStream and waits for the stream's acknowledgement (within the step's"
                    + " timeout): once it returns, the stream has stored the message. The `Nats-Msg-Id` header"
                    + " is the step's idempotency key, so a re-run that publishes again within the stream's"
                    + " duplicate window (`duplicate_window`, two minutes unless the stream sets another) is"
                    + " dropped by the stream and answered with `duplicate: true` and the first copy's"
                    + " sequence; after the window a re-run stores a second copy. A subject no stream"
                    + " captures is an error (`nats.no_stream`).",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["subject", "data"],
                     "properties": {
                       "subject": {"type": "string", "minLength": 1, "pattern": "^[^*>\\\\s]+$",
                                   "description": "the subject, without wildcards; a stream must capture it"},
                       "data": {"description": "any JSON, sent as JSON text with Content-Type application/json; a string with a contentType is sent as it is (UTF-8)"},
                       "headers": {"type": "object", "description": "message headers: a name to a string or a list of strings (not Nats-Msg-Id, not Content-Type)",
                                   "additionalProperties": {"oneOf": [{"type": "string"},
                                                                       {"type": "array", "minItems": 1, "items": {"type": "string"}}]}},
                       "contentType": {"type": "string", "minLength": 1,
                                       "description": "the Content-Type header; application/json unless given"}}}
                    """),
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["stream", "seq", "duplicate"],
                     "properties": {
                       "stream": {"type": "string", "description": "the stream that stored the message"},
                       "seq": {"type": "integer", "minimum": 1, "description": "the message's sequence in the stream"},
                       "duplicate": {"type": "boolean", "description": "the stream had a message with this idempotency key within its duplicate window and stored nothing new"}}}
                    """),
            true,
            List.of(new Example("Publish an order event",
                    parse("""
                            {"subject": "orders.created", "data": {"orderId": 42, "total": 99.5},
                             "headers": {"source": "shop"}}
                            """),
                    parse("""
                            {"stream": "ORDERS", "seq": 1042, "duplicate": false}
                            """)),
                    new Example("Send CSV text as it is",
                            parse("""
                                    {"subject": "imports.csv", "data": "sku,qty\\nA-1,3\\n", "contentType": "text/csv"}
                                    """),
                            null)));

    static final OperationSpec ENSURE_STREAM = new OperationSpec(EnsureStream.NAME,
            "Creates a JetStream stream, or checks that it exists with the same subjects, storage and"
                    + " duplicate window: ensuring it again changes nothing, and a stream that exists with"
                    + " other settings is an error (`nats.stream_mismatch`), never changed.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["name", "subjects"],
                     "properties": {
                       "name": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                       "subjects": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                                    "description": "the subjects it captures; wildcards allowed (orders.>)"},
                       "storage": {"enum": ["file", "memory"], "default": "file"},
                       "duplicateWindow": {"type": "integer", "minimum": 1, "default": 120000,
                                           "description": "milliseconds during which a repeated Nats-Msg-Id is dropped as a duplicate"}}}
                    """),
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["stream", "created", "messages"],
                     "properties": {
                       "stream": {"type": "string"},
                       "created": {"type": "boolean", "description": "false when it existed already"},
                       "messages": {"type": "integer", "minimum": 0, "description": "messages it holds"}}}
                    """),
            true,
            List.of(new Example("A file-backed stream for order events",
                    parse("""
                            {"name": "ORDERS", "subjects": ["orders.>"], "storage": "file"}
                            """),
                    parse("""
                            {"stream": "ORDERS", "created": true, "messages": 0}
                            """))));

    static final ConnectorSpec SPEC = ConnectorSpec.builder("nats", "1.0.0")
            .title("NATS JetStream")
            .description("Publishes to and consumes from NATS JetStream. Publishing waits for the stream's"
                    + " acknowledgement and is de-duplicated by the step's idempotency key; the consume"
                    + " trigger reads a durable pull consumer and acknowledges a message only after its"
                    + " execution is durably queued. Authenticates with a user and password (basic), a"
                    + " token (secret) or nothing. The configured servers' hosts must pass the platform's"
                    + " egress rules (a private address needs egress.allow).")
            .config(parse(
                    """
                            {"type": "object", "additionalProperties": false, "required": ["servers"],
                             "properties": {
                               "servers": {"type": "array", "minItems": 1,
                                           "items": {"type": "string", "pattern": "^(nats|tls)://[^@/]+$"},
                                           "description": "server URLs such as nats://127.0.0.1:4222, without a user or token (give those as the credential)"},
                               "tls": {"type": "boolean", "default": false,
                                       "description": "TLS, checked against the JVM's trust store (tls:// URLs ask for it too)."},
                               "connectionTimeout": {"type": "integer", "minimum": 1, "default": 10000,
                                                     "description": "milliseconds to connect to a server."}}}
                            """))
            .credentials(CredentialType.BASIC, CredentialType.SECRET)
            .operation(PUBLISH)
            .operation(ENSURE_STREAM)
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
