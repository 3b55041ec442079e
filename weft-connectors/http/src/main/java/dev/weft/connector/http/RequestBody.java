package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A request's body, encoded once from the input's {@code body}, {@code form} or {@code multipart}: these
 * bytes are what is sent and what an HMAC signature covers. A multipart body is written out with a
 * boundary derived from a hash of its parts, so the same parts give the same bytes on every attempt and
 * the boundary cannot occur inside them. Immutable.
 *
 * @param contentType null when there is no body
 */
record RequestBody(byte[] bytes, String contentType) {
    static final RequestBody NONE = new RequestBody(new byte[0], null);
    static final String FORM_TYPE = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CRLF = {'\r', '\n'};

    boolean present() {
        return contentType != null;
    }

    /** A JSON value as {@code application/json}. */
    static RequestBody json(Inputs inputs, String field, JsonNode value) throws ConnectorException {
        try {
            return new RequestBody(JSON.writeValueAsBytes(value), "application/json");
        } catch (IOException e) {
            throw inputs.invalid(field, "cannot be written as JSON: " + e.getMessage());
        }
    }

    /**
     * The body of {@code http.request}: at most one of {@code body}, {@code form} and {@code multipart}.
     *
     * @param contentType the request's Content-Type header, or null
     */
    static RequestBody of(Inputs inputs, JsonNode input, String contentType) throws ConnectorException {
        List<String> given = List.of("body", "form", "multipart").stream()
                .filter(f -> input.hasNonNull(f)).toList();
        if (given.size() > 1) {
            throw inputs.invalid(given.get(1), "cannot be given with '" + given.get(0)
                    + "': a request has one body (give one of 'body', 'form' and 'multipart')");
        }
        if (given.isEmpty()) {
            return NONE;
        }
        String field = given.get(0);
        if (!field.equals("body") && contentType != null) {
            throw inputs.invalid("headers.Content-Type", "cannot be given with '" + field
                    + "': the client sets it (" + (field.equals("form")
                            ? FORM_TYPE
                            : "multipart/form-data with its boundary")
                    + ")");
        }
        return switch (field) {
            case "form" -> form(inputs, input.get("form"));
            case "multipart" -> multipart(inputs, input.get("multipart"));
            default -> body(inputs, input.get("body"), contentType);
        };
    }

    private static RequestBody body(Inputs inputs, JsonNode body, String contentType)
            throws ConnectorException {
        if (body.isTextual() && contentType != null) {
            return new RequestBody(body.textValue().getBytes(StandardCharsets.UTF_8), contentType);
        }
        RequestBody json = json(inputs, "body", body);
        return contentType == null ? json : new RequestBody(json.bytes(), contentType);
    }

    private static RequestBody form(Inputs inputs, JsonNode form) throws ConnectorException {
        if (!form.isObject()) {
            throw inputs.invalid("form", "must be an object of fields, such as {\"name\": \"Ada\"}, but was "
                    + form.getNodeType());
        }
        StringBuilder encoded = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : form.properties()) {
            JsonNode value = e.getValue();
            for (JsonNode v : value.isArray() ? value : List.of(value)) {
                if (v.isNull()) {
                    continue; // an absent optional value, as in 'query'
                }
                if (!v.isValueNode()) {
                    throw inputs.invalid("form." + e.getKey(), "must be a string, number, boolean or an"
                            + " array of them, but was " + v.getNodeType());
                }
                encoded.append(encoded.isEmpty() ? "" : "&")
                        .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v.asText(), StandardCharsets.UTF_8));
            }
        }
        return new RequestBody(encoded.toString().getBytes(StandardCharsets.UTF_8), FORM_TYPE);
    }

    /** One part of a multipart body, its content as bytes. */
    private record Part(String name, String filename, String contentType, byte[] content) {
    }

    private static RequestBody multipart(Inputs inputs, JsonNode multipart) throws ConnectorException {
        if (!multipart.isArray() || multipart.isEmpty()) {
            throw inputs.invalid("multipart", "must be a non-empty list of parts such as [{\"name\":"
                    + " \"note\", \"value\": \"hi\"}], but was " + multipart);
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < multipart.size(); i++) {
            parts.add(part(inputs, "multipart[" + i + "]", multipart.get(i)));
        }
        String boundary = boundary(parts);
        // RFC 7578: each part's headers, a blank line, its bytes; CRLF line ends; the closing delimiter.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(p.name()).append('"');
            if (p.filename() != null) {
                head.append("; filename=\"").append(p.filename()).append('"');
            }
            head.append("\r\n");
            if (p.contentType() != null) {
                head.append("Content-Type: ").append(p.contentType()).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.content());
            out.writeBytes(CRLF);
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new RequestBody(out.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    private static Part part(Inputs inputs, String field, JsonNode part) throws ConnectorException {
        if (!part.isObject()) {
            throw inputs.invalid(field, "must be an object such as {\"name\": \"file\", \"content\": \"...\","
                    + " \"filename\": \"a.txt\"}, but was " + part.getNodeType());
        }
        for (String name : (Iterable<String>) part::fieldNames) {
            if (!List.of("name", "value", "content", "base64", "filename", "contentType").contains(name)) {
                throw inputs.invalid(field + "." + name,
                        "is not a field of a part; the fields are name, value,"
                                + " content, base64, filename and contentType");
            }
        }
        String name = headerSafe(inputs, field + ".name", inputs.text(part, "name", null));
        if (name == null || name.isEmpty()) {
            throw inputs.invalid(field + ".name", "is required: the form field's name");
        }
        List<String> given = List.of("value", "content", "base64").stream().filter(part::hasNonNull)
                .toList();
        if (given.size() != 1) {
            throw inputs.invalid(field, "must have exactly one of 'value' (a form field), 'content' (text or"
                    + " JSON) and 'base64' (bytes), but had " + (given.isEmpty() ? "none" : given));
        }
        String filename = headerSafe(inputs, field + ".filename", inputs.text(part, "filename", null));
        String type = headerSafe(inputs, field + ".contentType", inputs.text(part, "contentType", null));
        JsonNode value = part.get(given.get(0));
        return switch (given.get(0)) {
            case "value" -> {
                if (!value.isValueNode()) {
                    throw inputs.invalid(field + ".value", "must be a string, number or boolean (use"
                            + " 'content' for JSON), but was " + value.getNodeType());
                }
                if (filename != null || type != null) {
                    throw inputs.invalid(field + ".value", "is a plain form field, which has no filename"
                            + " or contentType: use 'content' or 'base64' for a file");
                }
                yield new Part(name, null, null, value.asText().getBytes(StandardCharsets.UTF_8));
            }
            case "content" -> value.isTextual()
                    ? new Part(name, filename, type == null ? "text/plain; charset=utf-8" : type,
                            value.textValue().getBytes(StandardCharsets.UTF_8))
                    : new Part(name, filename, type == null ? "application/json" : type,
                            json(inputs, field + ".content", value).bytes());
            default -> {
                if (!value.isTextual()) {
                    throw inputs.invalid(field + ".base64", "must be a base64 string, but was "
                            + value.getNodeType());
                }
                try {
                    yield new Part(name, filename, type == null ? "application/octet-stream" : type,
                            Base64.getMimeDecoder().decode(value.textValue()));
                } catch (IllegalArgumentException e) {
                    throw inputs.invalid(field + ".base64", "is not base64: " + e.getMessage());
                }
            }
        };
    }

    /** Names and types go into part headers: a quote or a line break would end them early. */
    private static String headerSafe(Inputs inputs, String field, String value) throws ConnectorException {
        if (value != null && (value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0)) {
            throw inputs.invalid(field, "must not hold a double quote or a line break");
        }
        return value;
    }

    /** A boundary from a hash of the parts: stable across attempts, and not found inside any part. */
    private static String boundary(List<Part> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Part p : parts) {
                for (String s : new String[]{p.name(), p.filename(), p.contentType()}) {
                    sha.update(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
                sha.update(ByteBuffer.allocate(8).putLong(p.content().length).flip());
                sha.update(p.content());
            }
            return "weft-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
