package dev.weft.connector.mail;

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

/** The {@code mail} connector's declaration: system configuration, {@code mail.send} and {@code mail.inbox}. */
final class Schemas {
    private static final String ADDRESS = """
            {"type": "string", "minLength": 3, "description": "an address such as ann@example.com or Ann <ann@example.com>"}""";

    static final OperationSpec SEND = new OperationSpec(Send.NAME,
            "Sends one message over SMTP: text, HTML or both (as multipart/alternative), with attachments"
                    + " given as base64 and extra headers. Its Message-ID is derived from the step's"
                    + " idempotency key, so a re-run after a crash sends a copy with the same Message-ID that"
                    + " receivers can recognise; SMTP itself cannot drop it, so the operation is not"
                    + " idempotent. Addresses are checked strictly (`mail.address` names the field).",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["to"],
                     "properties": {
                       "from": {"type": "string", "minLength": 3, "description": "the sender; config.from unless given"},
                       "to": {"type": "array", "minItems": 1, "items": %1$s},
                       "cc": {"type": "array", "items": %1$s},
                       "bcc": {"type": "array", "items": %1$s},
                       "subject": {"type": "string", "default": ""},
                       "text": {"type": "string", "description": "the plain-text body"},
                       "html": {"type": "string", "description": "the HTML body"},
                       "attachments": {"type": "array", "items": {
                         "type": "object", "additionalProperties": false, "required": ["filename", "content"],
                         "properties": {
                           "filename": {"type": "string", "minLength": 1},
                           "contentType": {"type": "string", "default": "application/octet-stream"},
                           "content": {"type": "string", "contentEncoding": "base64", "description": "the file's bytes, base64"}}}},
                       "headers": {"type": "object", "additionalProperties": {"type": "string"},
                                   "description": "extra headers (not Message-ID, From, To, Cc, Bcc, Subject, Date or Content-*)"}}}
                    """
                    .formatted(ADDRESS)),
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["messageId"],
                     "properties": {
                       "messageId": {"type": "string", "description": "the Message-ID header, <hash of the idempotency key@weft>"}}}
                    """),
            false,
            List.of(new Example("Send an HTML invoice with a PDF attached",
                    parse("""
                            {"to": ["Ann <ann@example.com>"], "cc": ["billing@example.com"],
                             "subject": "Invoice 42", "text": "Your invoice is attached.",
                             "html": "<p>Your invoice is <b>attached</b>.</p>",
                             "attachments": [{"filename": "invoice-42.pdf", "contentType": "application/pdf",
                                              "content": "JVBERi0xLjQK"}],
                             "headers": {"X-Order": "42"}}
                            """),
                    parse("""
                            {"messageId": "<3f0a9c1be27d4f8a6b5c0d1e2f3a4b5c6d7e8f90@weft>"}
                            """))));

    static final TriggerSpec INBOX = new TriggerSpec(Inbox.NAME,
            "Polls an IMAP folder for new messages, oldest first: one event per message, with the id"
                    + " `<uidValidity>:<uid>`. The cursor is the folder's UIDVALIDITY and the last UID"
                    + " returned; if the server reassigns UIDs (a new UIDVALIDITY), polling starts again from"
                    + " the folder's first message and says so in the log. Events carry the bodies and each"
                    + " attachment's name, type and size, not its content, to keep events small. `unseenOnly`"
                    + " skips messages already marked seen; `markSeen` marks returned messages seen when they"
                    + " are read (before their executions are stored, so a crash may leave one marked whose"
                    + " execution has not started: the cursor, not the seen flag, decides what is new).",
            TriggerKind.POLLING,
            parse("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {
                       "folder": {"type": "string", "minLength": 1, "default": "INBOX"},
                       "unseenOnly": {"type": "boolean", "default": false, "description": "only messages without the \\\\Seen flag"},
                       "markSeen": {"type": "boolean", "default": false, "description": "set the \\\\Seen flag on the messages returned"}}}
                    """),
            parse("""
                    {"type": "object", "additionalProperties": false,
                     "required": ["uid", "messageId", "from", "to", "subject", "date", "text", "html", "attachments"],
                     "properties": {
                       "uid": {"type": "integer", "minimum": 1},
                       "messageId": {"type": ["string", "null"]},
                       "from": {"type": ["string", "null"]},
                       "to": {"type": "array", "items": {"type": "string"}},
                       "subject": {"type": "string"},
                       "date": {"type": ["string", "null"], "format": "date-time", "description": "the Date header, UTC"},
                       "text": {"type": ["string", "null"]},
                       "html": {"type": ["string", "null"]},
                       "attachments": {"type": "array", "items": {
                         "type": "object", "additionalProperties": false, "required": ["filename", "contentType", "size"],
                         "properties": {
                           "filename": {"type": ["string", "null"]},
                           "contentType": {"type": "string"},
                           "size": {"type": "integer", "minimum": 0, "description": "decoded bytes"}}}}}}
                    """),
            List.of(new Example("New messages of the inbox, left unread",
                    parse("""
                            {"folder": "INBOX", "unseenOnly": false, "markSeen": false}
                            """),
                    parse("""
                            {"uid": 17, "messageId": "<CAF=abc@mail.example.com>", "from": "Ann <ann@example.com>",
                             "to": ["orders@example.com"], "subject": "Order 42", "date": "2026-01-05T09:30:00Z",
                             "text": "Please ship order 42.", "html": null,
                             "attachments": [{"filename": "order.csv", "contentType": "text/csv", "size": 120}]}
                            """))));

    static final ConnectorSpec SPEC = ConnectorSpec.builder("mail", "1.0.0")
            .title("E-mail (SMTP, IMAP)")
            .description("Sends e-mail over SMTP and polls an IMAP folder for new messages. Logs in with a"
                    + " user and password (basic credential) to both servers. The servers' hosts"
                    + " must pass the platform's egress rules (a private address needs egress.allow).")
            .config(parse(
                    """
                            {"type": "object", "additionalProperties": false, "minProperties": 1,
                             "properties": {
                               "smtp": {"type": "object", "additionalProperties": false, "required": ["host"],
                                        "description": "the server mail.send sends through: host, port (587 unless given) and tls (none, starttls or tls; starttls unless given).",
                                        "properties": {
                                          "host": {"type": "string", "minLength": 1},
                                          "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 587},
                                          "tls": {"enum": ["none", "starttls", "tls"], "default": "starttls",
                                                  "description": "starttls upgrades a plain connection (port 587) and fails if the server cannot; tls is implicit TLS (port 465)"}}},
                               "imap": {"type": "object", "additionalProperties": false, "required": ["host"],
                                        "description": "the server mail.inbox polls: host, port (993 unless given) and tls (none, starttls or tls; tls unless given).",
                                        "properties": {
                                          "host": {"type": "string", "minLength": 1},
                                          "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 993},
                                          "tls": {"enum": ["none", "starttls", "tls"], "default": "tls"}}},
                               "from": {"type": "string", "minLength": 3, "description": "the default sender address of mail.send, such as Weft <robot@example.com>."},
                               "connectionTimeout": {"type": "integer", "minimum": 1, "default": 10000,
                                                     "description": "milliseconds to connect to a server."}}}
                            """))
            .credentials(CredentialType.BASIC)
            .credentialRequired()
            .operation(SEND)
            .trigger(INBOX)
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
