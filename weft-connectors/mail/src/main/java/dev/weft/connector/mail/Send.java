package dev.weft.connector.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code mail.send} operation: builds a MIME message from the input (text and/or HTML, attachments,
 * extra headers) and sends it over SMTP. Its Message-ID is derived from the call's idempotency key, so the
 * copies a re-run sends carry the same id and receivers can drop duplicates. Stateless.
 */
final class Send {
    static final String NAME = "mail.send";
    private static final Inputs IN = Inputs.ofOperation(NAME);
    private static final Set<String> FIELDS = Set.of("from", "to", "cc", "bcc", "subject", "text", "html",
            "attachments", "headers");
    private static final Set<String> ATTACHMENT_FIELDS = Set.of("filename", "contentType", "content");
    /** Headers the message's own fields set; giving them in {@code headers} would contradict those. */
    private static final Set<String> RESERVED = Set.of("message-id", "from", "to", "cc", "bcc", "subject",
            "content-type", "content-transfer-encoding", "mime-version", "date");

    private Send() {
    }

    static JsonNode send(Call call, MailConfig config) throws ConnectorException {
        if (config.smtp() == null) {
            throw MailConfig.config(NAME + " needs config.smtp: give the system's SMTP server");
        }
        Session session = Session.getInstance(config.properties(config.smtp(), call.timeout()));
        String messageId = messageId(call.idempotencyKey());
        MimeMessage message = build(session, call.input(), config, messageId);
        if (call.cancellation().cancelled()) {
            throw ConnectorException.permanent("mail.cancelled", NAME + " was cancelled before sending: "
                    + call.cancellation().reason(), null, null);
        }
        try (Transport transport = session.getTransport(MailConfig.protocol(config.smtp()))) {
            transport.connect(config.smtp().host(), config.smtp().port(), config.username(),
                    config.password());
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            throw Failures.of(e, "sending mail", config.smtp().where(), config);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("messageId", messageId);
        return out;
    }

    /** {@code <hash@weft>}: the same for every re-run of one step, and reveals nothing of the key. */
    static String messageId(String idempotencyKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(
                    StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 20) + "@weft>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static MimeMessage build(Session session, JsonNode input, MailConfig config, String messageId)
            throws ConnectorException {
        IN.requireObject(input, FIELDS);
        String from = IN.text(input, "from", config.from());
        if (from == null) {
            throw IN.invalid("from", "is required when the system's config.from is not set, for example"
                    + " \"robot@example.com\"");
        }
        MimeMessage message = new FixedIdMessage(session, messageId);
        try {
            message.setFrom(address("from", from));
            message.setRecipients(Message.RecipientType.TO, addresses(input, "to", true));
            message.setRecipients(Message.RecipientType.CC, addresses(input, "cc", false));
            message.setRecipients(Message.RecipientType.BCC, addresses(input, "bcc", false));
            message.setSubject(IN.text(input, "subject", ""), "UTF-8");
            headers(message, input.get("headers"));
            String text = IN.text(input, "text", null);
            String html = IN.text(input, "html", null);
            List<MimeBodyPart> attachments = attachments(input.get("attachments"));
            if (attachments.isEmpty() && (text == null || html == null)) {
                if (html != null) {
                    message.setText(html, "UTF-8", "html");
                } else {
                    message.setText(text == null ? "" : text, "UTF-8");
                }
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                mixed.addBodyPart(body(text, html));
                for (MimeBodyPart a : attachments) {
                    mixed.addBodyPart(a);
                }
                message.setContent(mixed);
            }
            message.saveChanges();
        } catch (MessagingException e) {
            throw ConnectorException.permanent("mail.input", NAME + ": the message could not be built: "
                    + e.getMessage(), null, null);
        }
        return message;
    }

    /** The message's body part: text, HTML, or both as multipart/alternative (text first, as RFC 2046 says). */
    private static MimeBodyPart body(String text, String html) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        if (text != null && html != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, "UTF-8", "html");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(rich);
            part.setContent(alternative);
        } else if (html != null) {
            part.setText(html, "UTF-8", "html");
        } else {
            part.setText(text == null ? "" : text, "UTF-8");
        }
        return part;
    }

    private static InternetAddress[] addresses(JsonNode input, String field, boolean required)
            throws ConnectorException {
        JsonNode value = input.get(field);
        if (!required && (value == null || value.isNull() || value.isArray() && value.isEmpty())) {
            return new InternetAddress[0];
        }
        List<String> list = IN.strings(input, field, "someone@example.com");
        InternetAddress[] out = new InternetAddress[list.size()];
        for (int i = 0; i < list.size(); i++) {
            out[i] = address(field + "[" + i + "]", list.get(i));
        }
        return out;
    }

    private static InternetAddress address(String field, String value) throws ConnectorException {
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw ConnectorException.permanent("mail.address", NAME + ": '" + field + "' is not a valid"
                    + " e-mail address (" + e.getMessage() + "): give one such as \"Ann <ann@example.com>\"",
                    null, null);
        }
    }

    private static void headers(MimeMessage message, JsonNode headers) throws ConnectorException,
            MessagingException {
        if (headers == null || headers.isNull()) {
            return;
        }
        if (!headers.isObject()) {
            throw IN.invalid("headers", "must be an object of header names to strings, but was "
                    + headers.getNodeType());
        }
        for (var entry : headers.properties()) {
            String name = entry.getKey();
            if (!name.matches("[!-9;-~]+")) {
                throw IN.invalid("headers." + name, "is not a valid header name");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw IN.invalid("headers." + name, "is set by the message's own fields; use those instead");
            }
            if (!entry.getValue().isTextual()) {
                throw IN.invalid("headers." + name,
                        "must be a string, but was " + entry.getValue().getNodeType());
            }
            message.setHeader(name, entry.getValue().textValue());
        }
    }

    private static List<MimeBodyPart> attachments(JsonNode list)
            throws ConnectorException, MessagingException {
        List<MimeBodyPart> parts = new ArrayList<>();
        if (list == null || list.isNull()) {
            return parts;
        }
        if (!list.isArray()) {
            throw IN.invalid("attachments", "must be a list of {filename, contentType, content}");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String at = "attachments[" + i + "]";
            Inputs in = new Inputs(NAME + " " + at, IN.code());
            in.requireObject(a, ATTACHMENT_FIELDS);
            String filename = in.required(a, "filename", "invoice.pdf");
            String contentType = in.text(a, "contentType", "application/octet-stream");
            byte[] content;
            try {
                content = Base64.getMimeDecoder().decode(in.required(a, "content", "aGVsbG8="));
            } catch (IllegalArgumentException e) {
                throw in.invalid("content", "must be base64 (" + e.getMessage() + ")");
            }
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, contentType)));
            part.setFileName(filename);
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            // Left to itself, Jakarta Mail sends mostly-ASCII content as 7bit text, turning LF into CRLF:
            // base64 keeps every attachment's bytes exact.
            part.setHeader("Content-Transfer-Encoding", "base64");
            parts.add(part);
        }
        return parts;
    }

    /** A message whose Message-ID stays the one given instead of a fresh random one. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
