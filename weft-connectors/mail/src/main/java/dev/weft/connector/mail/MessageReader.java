package dev.weft.connector.mail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Turns a received message into a {@code mail.inbox} event's data: its envelope, the first text/plain and
 * text/html bodies, and each attachment's name, type and decoded size. Attachment content is left out so
 * that events stay small. Stateless.
 */
final class MessageReader {
    private MessageReader() {
    }

    static ObjectNode read(Message message, long uid) throws MessagingException, IOException {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("uid", uid);
        String messageId = message instanceof MimeMessage mime ? mime.getMessageID() : null;
        if (messageId == null) {
            data.putNull("messageId");
        } else {
            data.put("messageId", messageId);
        }
        Address[] from = message.getFrom();
        if (from == null || from.length == 0) {
            data.putNull("from");
        } else {
            data.put("from", from[0].toString());
        }
        ArrayNode to = data.putArray("to");
        Address[] recipients = message.getRecipients(Message.RecipientType.TO);
        if (recipients != null) {
            for (Address a : recipients) {
                to.add(a.toString());
            }
        }
        data.put("subject", message.getSubject() == null ? "" : message.getSubject());
        if (message.getSentDate() == null) {
            data.putNull("date");
        } else {
            data.put("date", message.getSentDate().toInstant().toString());
        }
        Bodies bodies = new Bodies(data.putArray("attachments"));
        bodies.walk(message);
        putOrNull(data, "text", bodies.text);
        putOrNull(data, "html", bodies.html);
        return data;
    }

    private static void putOrNull(ObjectNode data, String field, String value) {
        if (value == null) {
            data.putNull(field);
        } else {
            data.put(field, value);
        }
    }

    /** Collects the bodies and attachments of one message while walking its MIME tree. Not thread-safe. */
    private static final class Bodies {
        private final ArrayNode attachments;
        private String text;
        private String html;

        Bodies(ArrayNode attachments) {
            this.attachments = attachments;
        }

        void walk(Part part) throws MessagingException, IOException {
            String filename = part.getFileName();
            boolean attached = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || filename != null;
            if (!attached && part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    walk(multipart.getBodyPart(i));
                }
            } else if (!attached && part.isMimeType("text/plain") && text == null) {
                text = String.valueOf(part.getContent());
            } else if (!attached && part.isMimeType("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            } else if (attached || !part.isMimeType("text/*")) {
                ObjectNode a = attachments.addObject();
                if (filename == null) {
                    a.putNull("filename");
                } else {
                    a.put("filename", MimeUtility.decodeText(filename));
                }
                a.put("contentType", baseType(part.getContentType()));
                a.put("size", size(part));
            }
        }

        private static String baseType(String contentType) {
            if (contentType == null) {
                return "application/octet-stream";
            }
            int semicolon = contentType.indexOf(';');
            return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                    .toLowerCase(Locale.ROOT);
        }

        /** The decoded size in bytes; the server's size is of the encoded (base64) form. */
        private static long size(Part part) throws MessagingException, IOException {
            try (InputStream in = part.getInputStream()) {
                return in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }
}
