package dev.weft.connector.nats;

import static dev.weft.connector.nats.Schemas.parse;

import dev.weft.connector.Example;
import dev.weft.connector.TriggerKind;
import dev.weft.connector.TriggerSpec;
import java.util.List;

/** The declaration of the {@code nats.consume} trigger. */
final class ConsumeSchemas {
    static final TriggerSpec CONSUME = new TriggerSpec(ConsumeConfig.NAME,
            "Starts an execution for each message of a JetStream stream, read through a durable pull consumer"
                    + " (created when missing, updated to these settings otherwise; a new one starts at the"
                    + " stream's first message) on a thread of its own. A message is acknowledged only after"
                    + " its execution is durably queued (or its id already started one); while the flow's"
                    + " queue holds it the trigger tells the server it is still working on it. The event id"
                    + " is `<stream>:<stream sequence>`, the same on every delivery. Messages the flow"
                    + " rejects, and those whose data is not the JSON their Content-Type declares, are"
                    + " terminated (never delivered again), after a copy was published to"
                    + " `deadLetterSubject` (a stream must capture it) with the headers Weft-Reason,"
                    + " Weft-Stream, Weft-Sequence and Weft-Subject. A message that cannot be queued now is"
                    + " delivered again after a second; the server stops delivering a message after"
                    + " `maxDeliver` deliveries (it stays in the stream). Closing the trigger lets the message"
                    + " in hand finish and gives fetched messages back at once. Messages are handed over one"
                    + " at a time, in the stream's order except for redeliveries.",
            TriggerKind.PUSH,
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["stream", "durable"],
                     "properties": {
                       "stream": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$", "description": "the stream to consume; it must exist"},
                       "durable": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$",
                                   "description": "the durable consumer's name: it keeps its place in the stream while the trigger is stopped"},
                       "filterSubject": {"type": "string", "minLength": 1, "description": "only messages on matching subjects (wildcards allowed); the whole stream unless given"},
                       "ackWait": {"type": "integer", "minimum": 1000, "default": 30000,
                                   "description": "milliseconds the server waits for an acknowledgement before it delivers a message again."},
                       "maxDeliver": {"type": "integer", "minimum": -1, "not": {"const": 0}, "default": 5,
                                      "description": "deliveries of one message at most; -1 for no limit."},
                       "batch": {"type": "integer", "minimum": 1, "maximum": 256, "default": 10,
                                 "description": "messages one fetch asks for."},
                       "deadLetterSubject": {"type": "string", "minLength": 1,
                                             "description": "where a copy of rejected and unreadable messages is published before they are terminated; without it they are terminated without a copy"}}}
                    """),
            parse("""
                    {"type": "object", "additionalProperties": false,
                     "required": ["subject", "data", "dataEncoding", "headers", "stream", "sequence", "delivered",
                                  "timestamp"],
                     "properties": {
                       "subject": {"type": "string"},
                       "data": {"description": "parsed JSON for a JSON content type (or none, when it parses); text for text or no content type; else base64"},
                       "dataEncoding": {"enum": ["json", "text", "base64"]},
                       "headers": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                                   "description": "the message's headers, each name to its values"},
                       "stream": {"type": "string"},
                       "sequence": {"type": "integer", "minimum": 1, "description": "the message's sequence in the stream"},
                       "delivered": {"type": "integer", "minimum": 1, "description": "how often it has been delivered, this time included"},
                       "timestamp": {"type": "string", "format": "date-time", "description": "when the stream stored it"}}}
                    """),
            List.of(new Example("Orders, with rejected messages copied to orders.dead",
                    parse("""
                            {"stream": "ORDERS", "durable": "weft-orders", "filterSubject": "orders.created",
                             "deadLetterSubject": "orders.dead"}
                            """),
                    parse("""
                            {"subject": "orders.created", "data": {"orderId": 42, "total": 99.5},
                             "dataEncoding": "json",
                             "headers": {"Content-Type": ["application/json"], "Nats-Msg-Id": ["0b6f3c1e/notify"]},
                             "stream": "ORDERS", "sequence": 1042, "delivered": 1,
                             "timestamp": "2026-11-22T07:30:00.123Z"}
                            """))));

    private ConsumeSchemas() {
    }
}
