package dev.weft.connector.rabbitmq;

import static dev.weft.connector.rabbitmq.Schemas.parse;

import dev.weft.connector.Example;
import dev.weft.connector.TriggerKind;
import dev.weft.connector.TriggerSpec;
import java.util.List;

/** The declaration of the {@code rabbitmq.consume} trigger. */
final class ConsumeSchemas {
    static final TriggerSpec CONSUME = new TriggerSpec(ConsumeConfig.NAME,
            "Starts an execution for each message of a queue. A message is acknowledged only after its"
                    + " execution is durably queued (or its id already started one); until then the broker"
                    + " keeps it, and delivers it again if the connection is lost. The event id is the"
                    + " message-id, or else `sha256:` and a hash of the routing key, headers and body, so"
                    + " publishers that send identical messages on purpose must set message ids. Messages"
                    + " the flow rejects, and those whose body is not the JSON their content type declares, are"
                    + " dead-lettered without being offered again: republished (confirmed) to `deadLetterExchange` with the headers"
                    + " x-weft-reason, x-weft-queue and x-weft-exchange, or without one rejected to the"
                    + " queue's own dead-letter exchange (x-dead-letter-exchange; a queue without one drops"
                    + " them). A message that cannot be queued now goes back to the queue after a second."
                    + " Up to `prefetch` messages run at once; use 1 to keep the queue's order.",
            TriggerKind.PUSH,
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["queue"],
                     "properties": {
                       "queue": {"type": "string", "minLength": 1, "description": "the queue to consume; it must exist"},
                       "prefetch": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 10,
                                    "description": "messages in hand at once."},
                       "deadLetterExchange": {"type": "string",
                                              "description": "where rejected and unreadable messages are republished; without it they are rejected to the queue's x-dead-letter-exchange"}}}
                    """),
            parse("""
                    {"type": "object", "additionalProperties": false,
                     "required": ["body", "bodyEncoding", "headers", "routingKey", "exchange", "messageId",
                                  "contentType", "redelivered"],
                     "properties": {
                       "body": {"description": "parsed JSON for a JSON content type; text for text or no content type; else base64"},
                       "bodyEncoding": {"enum": ["json", "text", "base64"]},
                       "headers": {"type": "object", "description": "the message's headers; bytes as base64, timestamps as ISO-8601 text"},
                       "routingKey": {"type": "string"},
                       "exchange": {"type": "string", "description": "\\"\\" for the default exchange"},
                       "messageId": {"type": ["string", "null"]},
                       "contentType": {"type": ["string", "null"]},
                       "redelivered": {"type": "boolean", "description": "the broker delivered it before (a previous attempt did not acknowledge it)"}}}
                    """),
            List.of(new Example("Orders, with unreadable and rejected messages kept in orders.dead",
                    parse("""
                            {"queue": "orders", "prefetch": 10, "deadLetterExchange": "orders.dead"}
                            """),
                    parse("""
                            {"body": {"orderId": 42, "total": 99.5}, "bodyEncoding": "json",
                             "headers": {"source": "shop"}, "routingKey": "order.created", "exchange": "orders",
                             "messageId": "0b6f3c1e-5d7a-4c2e-9f0a-2d1e8b7c6a54/notify",
                             "contentType": "application/json", "redelivered": false}
                            """))));

    private ConsumeSchemas() {
    }
}
