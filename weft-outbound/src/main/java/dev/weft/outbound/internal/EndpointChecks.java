package dev.weft.outbound.internal;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.Egress;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.outbound.WebhookInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks the fields of an endpoint as a caller gives them; each error names the field and the fix. Stateless. */
final class EndpointChecks {
    static final int MAX_URL = 2048;
    static final int MAX_FILTER = 2000;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_VALUE = 1000;
    static final int MAX_RATE = 10_000;
    static final int MAX_CONCURRENCY = 1000;
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

    private EndpointChecks() {
    }

    static WebhookInputException invalid(String field, String message) {
        return new WebhookInputException("webhook.invalid", field, message);
    }

    /** Checks the URL's form and the egress rules (also every address its host resolves to now). */
    static void url(String url, Egress egress) {
        if (url == null || url.isBlank()) {
            throw invalid("url",
                    "url is required: where deliveries are POSTed, such as https://example.com/hooks/weft");
        }
        if (url.length() > MAX_URL) {
            throw invalid("url", "url must be at most " + MAX_URL + " characters, but had " + url.length());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("url", "url is not a URL: " + e.getReason() + "; write it as https://host/path");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw invalid("url", "url must be an absolute http or https URL with a host, such as"
                    + " https://example.com/hooks/weft, but was '" + url + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("url",
                    "url must not carry a user name or password (user:password@): every reader of the"
                            + " endpoint would see it; put a credential in the endpoint's headers, whose secret-looking"
                            + " values are shown redacted, or rely on the signature");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("url", "url must not have a fragment (#...): it is never sent");
        }
        try {
            egress.checkUri(uri);
            egress.checkHost("webhook endpoint", uri.getHost());
        } catch (IOException e) {
            throw new WebhookInputException("egress.refused", "url", e.getMessage());
        } catch (ConnectorException e) {
            throw new WebhookInputException("egress.refused", "url", e.getMessage());
        }
    }

    static void events(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw invalid("events", "events is required: the event types the endpoint receives, such as"
                    + " [\"execution.failed\", \"invoice.*\"], or [\"*\"] for all");
        }
        if (events.size() > TypePatterns.MAX_PATTERNS) {
            throw invalid("events",
                    "events may list at most " + TypePatterns.MAX_PATTERNS + " types or patterns,"
                            + " but listed " + events.size());
        }
        for (int i = 0; i < events.size(); i++) {
            String problem = TypePatterns.problem(events.get(i));
            if (problem != null) {
                throw invalid("events[" + i + "]", "events[" + i + "]: " + problem);
            }
        }
    }

    static void filter(String filter) {
        if (filter == null) {
            return;
        }
        if (filter.isBlank() || filter.length() > MAX_FILTER) {
            throw invalid("filter", "filter must be a JSONata expression of 1 to " + MAX_FILTER
                    + " characters on the event's payload, such as amount > 1000; leave it out to receive every"
                    + " event of the types");
        }
        try {
            PayloadFilter.compile(filter);
        } catch (ExpressionException e) {
            throw invalid("filter",
                    "filter is not a valid JSONata expression (at character " + (e.offset() + 1) + "): "
                            + e.getMessage());
        }
    }

    static void headers(Map<String, String> headers) {
        if (headers == null) {
            return;
        }
        if (headers.size() > MAX_HEADERS) {
            throw invalid("headers",
                    "headers may have at most " + MAX_HEADERS + " entries, but had " + headers.size());
        }
        for (var h : headers.entrySet()) {
            String name = h.getKey();
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw invalid("headers", "header name '" + name + "' is not a valid HTTP header name");
            }
            if (Sender.reservedHeaders().contains(name.toLowerCase(Locale.ROOT))) {
                throw invalid("headers." + name,
                        "header " + name + " is set by Weft on every delivery and cannot be"
                                + " given; reserved: " + String.join(", ", Sender.reservedHeaders()));
            }
            String value = h.getValue();
            if (value == null || value.length() > MAX_HEADER_VALUE || value.indexOf('\r') >= 0
                    || value.indexOf('\n') >= 0) {
                throw invalid("headers." + name, "the value of header " + name + " must be text of at most "
                        + MAX_HEADER_VALUE + " characters on one line");
            }
        }
    }

    static void rateLimit(Integer rateLimit) {
        if (rateLimit != null && (rateLimit < 1 || rateLimit > MAX_RATE)) {
            throw invalid("rateLimit",
                    "rateLimit is deliveries per second, from 1 to " + MAX_RATE + ", but was "
                            + rateLimit + "; leave it out for no limit");
        }
    }

    static void concurrency(Integer concurrency) {
        if (concurrency != null && (concurrency < 1 || concurrency > MAX_CONCURRENCY)) {
            throw invalid("concurrency",
                    "concurrency is deliveries in flight at once, from 1 to " + MAX_CONCURRENCY
                            + ", but was " + concurrency + "; leave it out for the server's default");
        }
    }

    static void description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw invalid("description",
                    "description must be at most " + MAX_DESCRIPTION + " characters, but had "
                            + description.length());
        }
    }
}
