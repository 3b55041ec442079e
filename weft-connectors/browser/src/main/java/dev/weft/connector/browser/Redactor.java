package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Removes a secret (the credential's password) from what a run gives back: a page may echo what was typed
 * into it, in its text, an attribute, or its URL. The secret is replaced as typed, URL-encoded and
 * HTML-escaped. Immutable.
 */
final class Redactor {
    static final String MASK = "***";
    static final Redactor NONE = new Redactor(null);

    private final Set<String> forms = new LinkedHashSet<>();

    Redactor(String secret) {
        if (secret != null && !secret.isEmpty()) {
            forms.add(secret);
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
            forms.add(secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;"));
        }
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : forms) {
            out = out.replace(form, MASK);
        }
        return out;
    }

    /** A copy of {@code value} with every string (and every field name) redacted. */
    JsonNode redact(JsonNode value) {
        if (forms.isEmpty() || value == null) {
            return value;
        }
        if (value.isTextual()) {
            return TextNode.valueOf(redact(value.textValue()));
        }
        if (value.isArray()) {
            ArrayNode out = Cdp.JSON.createArrayNode();
            value.forEach(item -> out.add(redact(item)));
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = Cdp.JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                out.set(redact(field.getKey()), redact(field.getValue()));
            }
            return out;
        }
        return value;
    }
}
