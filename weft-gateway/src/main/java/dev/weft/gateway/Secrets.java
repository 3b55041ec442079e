package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.OutboundAuth;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret values one system's calls carry: its credential's secret fields and every value its auth
 * injects into a request (a header such as {@code Authorization: Bearer …}, a query parameter), in the forms
 * a target may echo them in: as sent, URL-encoded, and Base64. What a call brings back (its output, its
 * error) is redacted of all of them before the engine stores it, so that a target that echoes the request
 * (a debugging endpoint, an error page quoting the URL) does not put the secret into the execution's data,
 * the API's answers or the next step's input. Values shorter than {@value #MIN_LENGTH} characters are not
 * looked for: redacting them would garble ordinary data. Thread-safe.
 */
final class Secrets {
    static final String MASK = "***";
    static final int MIN_LENGTH = 6;
    /** How many injected values are remembered (a token renewed every hour: the recent ones). */
    private static final int MAX_INJECTED = 16;

    private final List<String> fixed;
    private final Map<String, List<String>> injected = new LinkedHashMap<>(MAX_INJECTED, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
            return size() > MAX_INJECTED;
        }
    };
    private volatile List<String> all;
    /** A header other than Authorization whose values an auth issues (a session token), or null. */
    private volatile String tokenHeader;

    /** Nothing to look for: calls without a credential. Its {@link #recording} is never asked for. */
    static final Secrets NONE = new Secrets(List.of());

    private Secrets(List<String> fixed) {
        this.fixed = List.copyOf(fixed);
        this.all = this.fixed;
    }

    /** The secrets of {@code credential}; {@link #NONE} when it is null. */
    static Secrets of(Credential credential) {
        if (credential == null) {
            return NONE;
        }
        Set<String> values = new LinkedHashSet<>();
        switch (credential) {
            case Credential.Secret s -> values.add(s.value());
            case Credential.Basic b -> {
                values.add(b.password());
                values.add(b.username() + ":" + b.password());
            }
            case Credential.Bearer b -> values.add(b.token());
            case Credential.ApiKey k -> values.add(k.value());
            case Credential.OAuth2ClientCredentials c -> {
                values.add(c.clientSecret());
                values.add(form(c.clientId()) + ":" + form(c.clientSecret()));
            }
            case Credential.OAuth2RefreshToken r -> {
                values.add(r.refreshToken());
                if (r.clientSecret() != null) {
                    values.add(r.clientSecret());
                    values.add(form(r.clientId()) + ":" + form(r.clientSecret()));
                }
            }
            case Credential.OAuth2JwtBearer j -> values.add(j.privateKey());
            case Credential.SessionLogin l -> values.add(l.password());
            case Credential.Hmac h -> values.add(h.secret());
            default -> {
            }
        }
        Secrets secrets = ofValues(new ArrayList<>(values));
        if (credential instanceof Credential.SessionLogin l) {
            secrets.tokenHeader = l.header();
        }
        return secrets;
    }

    /** The given values (a client's secret, its Basic pair), in every form; for one message. */
    static Secrets ofValues(List<String> values) {
        return ofValues(values, MIN_LENGTH);
    }

    /** As {@link #ofValues(List)}, looking for values of at least {@code minLength} characters. */
    static Secrets ofValues(List<String> values, int minLength) {
        List<String> forms = new ArrayList<>();
        values.forEach(v -> forms.addAll(formsOf(v, minLength)));
        forms.sort((x, y) -> Integer.compare(y.length(), x.length()));
        return new Secrets(forms);
    }

    /** {@code auth}, remembering every value it puts into a request. */
    OutboundAuth recording(OutboundAuth auth) {
        if (auth == OutboundAuth.NONE) {
            return auth;
        }
        return new OutboundAuth() {
            @Override
            public Authorization authorize(String method, URI uri, byte[] body) throws ConnectorException {
                Authorization a = auth.authorize(method, uri, body);
                // The Authorization header carries the secret itself (a token issued for the system); other
                // values are the credential's own (an API key, known already) or not secret at all (an HMAC
                // signature and its timestamp, which must not garble every number that looks like it).
                a.headers().forEach((name, value) -> {
                    if (name.equalsIgnoreCase("Authorization")
                            || name.equalsIgnoreCase("Proxy-Authorization")
                            || name.equalsIgnoreCase(tokenHeader)) {
                        injected(value);
                    }
                });
                return a;
            }

            @Override
            public boolean renew(Authorization rejected) throws ConnectorException {
                return auth.renew(rejected);
            }
        };
    }

    /** A value an auth put into a request: {@code Bearer abc} counts as itself and as {@code abc}. */
    private void injected(String value) {
        if (value == null) {
            return;
        }
        synchronized (injected) {
            if (injected.get(value) != null) {
                return;
            }
            List<String> forms = new ArrayList<>(formsOf(value));
            int space = value.indexOf(' ');
            if (space > 0) {
                forms.addAll(formsOf(value.substring(space + 1).trim()));
            }
            injected.put(value, forms);
            LinkedHashSet<String> merged = new LinkedHashSet<>(fixed);
            injected.values().forEach(merged::addAll);
            // Longest first, so that a value is masked whole before a part of it is
            List<String> sorted = new ArrayList<>(merged);
            sorted.sort((x, y) -> Integer.compare(y.length(), x.length()));
            all = List.copyOf(sorted);
        }
    }

    /** The forms a target may echo {@code value} in. */
    private static List<String> formsOf(String value) {
        return formsOf(value, MIN_LENGTH);
    }

    private static List<String> formsOf(String value, int minLength) {
        if (value == null || value.isEmpty() || value.length() < minLength) {
            return List.of();
        }
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        forms.add(form(value));
        forms.add(form(value).replace("+", "%20"));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        return List.copyOf(forms);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code text} with every secret form masked; the same instance when none is in it. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : all) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** {@code value} with every secret form masked in its texts and field names; the same tree when none is. */
    JsonNode redact(JsonNode value) {
        if (value == null || all.isEmpty()) {
            return value;
        }
        return redacted(value);
    }

    private JsonNode redacted(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText();
            String masked = redact(text);
            return masked == text ? node : JsonNodeFactory.instance.textNode(masked);
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode v = redacted(e.getValue());
                String name = redact(e.getKey());
                if (copy == null && (v != e.getValue() || name != e.getKey())) {
                    copy = JsonNodeFactory.instance.objectNode();
                    for (Map.Entry<String, JsonNode> before : node.properties()) {
                        if (before.getKey().equals(e.getKey())) {
                            break;
                        }
                        copy.set(before.getKey(), before.getValue());
                    }
                }
                if (copy != null) {
                    copy.set(name, v);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = redacted(node.get(i));
                if (copy == null && v != node.get(i)) {
                    copy = JsonNodeFactory.instance.arrayNode();
                    for (int k = 0; k < i; k++) {
                        copy.add(node.get(k));
                    }
                }
                if (copy != null) {
                    copy.add(v);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    /** {@code e} with its message and details redacted (and without its cause when they held a secret). */
    ConnectorException redact(ConnectorException e) {
        if (all.isEmpty()) {
            return e;
        }
        String message = redact(e.getMessage());
        JsonNode details = redact(e.details());
        if (message == e.getMessage() && details == e.details()) {
            return e;
        }
        return e.retryable()
                ? ConnectorException.retryable(e.code(), message, details, null)
                : ConnectorException.permanent(e.code(), message, details, null);
    }
}
