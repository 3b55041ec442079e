package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes a secret (the credential's password) from what a run gives back: a page may echo what was typed
 * into it, in its text, an attribute, or its URL. The secret is replaced as typed, URL-encoded (as a form,
 * with {@code %20}, as {@code encodeURIComponent}; in upper- and lower-case hex) and HTML-escaped (a quote as
 * {@code &#39;}, {@code &#x27;} or {@code &apos;}). Forms are replaced longest first. Immutable.
 */
final class Redactor {
    static final String MASK = "***";
    static final Redactor NONE = new Redactor(null);

    private final Set<String> forms = new LinkedHashSet<>();

    Redactor(String secret) {
        if (secret != null && !secret.isEmpty()) {
            forms.add(secret);
            String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            String spaced = form.replace("+", "%20");
            // encodeURIComponent leaves !'()~ as they are, where URLEncoder encodes them
            String component = spaced.replace("%21", "!").replace("%27", "'").replace("%28", "(")
                    .replace("%29", ")").replace("%7E", "~");
            for (String encoded : List.of(form, spaced, component)) {
                forms.add(encoded);
                forms.add(lowerHex(encoded));
            }
            String html = secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;");
            forms.add(html);
            forms.add(html.replace("'", "&#39;"));
            forms.add(html.replace("'", "&#x27;"));
            forms.add(html.replace("'", "&apos;"));
        }
    }

    /** {@code %2F} as {@code %2f}: a server may encode in either case. */
    private static String lowerHex(String encoded) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group().toLowerCase(java.util.Locale.ROOT));
        }
        return m.appendTail(out).toString();
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : forms.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .toList()) {
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
