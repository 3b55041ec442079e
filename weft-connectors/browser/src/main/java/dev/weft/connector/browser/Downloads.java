package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * A {@code download}: the link an element points to (or a URL, relative to the page) fetched through the
 * platform's HTTP transport with the page's cookies, so that a logged-in session's files come too, and
 * stored in the tenant's blob store. Chromium itself downloads nothing (its downloads are denied). Used by one
 * thread.
 */
final class Downloads {
    private static final int MAX_REDIRECTS = 5;

    private final SystemContext context;
    private final Page page;
    private final Cancellation cancellation;
    private final Instant deadline;

    Downloads(SystemContext context, Page page, Cancellation cancellation, Instant deadline) {
        this.context = context;
        this.page = page;
        this.cancellation = cancellation;
        this.deadline = deadline;
    }

    String fetch(String at, Action.Download d, ObjectNode blobs) throws IOException, TimeoutException,
            ConnectorException {
        JsonNode link = d.selector() != null
                ? page.evaluate(Scripts.call(Scripts.LINK, d.selector()), deadline)
                : page.evaluate(Scripts.call(Scripts.RESOLVE, d.url()), deadline);
        if (link.path("missing").asBoolean()) {
            throw ConnectorException.permanent("browser.no_element",
                    at + ": no element matches '" + d.selector()
                            + "'",
                    null, null);
        }
        if (link.has("noLink")) {
            throw ConnectorException.permanent("browser.no_link", at + ": '" + d.selector() + "' matches a <"
                    + link.get("noLink").asText() + "> with no href or src to download", null, null);
        }
        String url = link.path("url").asText();
        URI uri = Urls.parse(url).orElseThrow(() -> notUrl(at, url));
        // The page's URL without its query: a query may hold a session's token, the download's server none.
        String referer = Urls.withoutQuery(page.evaluate("location.href", deadline).asText());
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            String shown = HttpTransport.withoutSecrets(uri);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw ConnectorException.permanent("browser.download",
                        at + ": " + shown + " is not an http or"
                                + " https link; only those are downloaded",
                        null, null);
            }
            HttpTransport.Request request = HttpTransport.Request.to("GET", uri).unauthorized().streamed()
                    .withCancellation(cancellation).withTimeout(left()).withHeader("Referer", referer);
            String cookies = cookies(uri);
            if (!cookies.isEmpty()) {
                request = request.withHeader("Cookie", cookies);
            }
            try (HttpTransport.Response response = send(at, request)) {
                int status = response.status();
                String location = response.header("Location");
                if (status >= 300 && status < 400 && location != null) {
                    URI from = uri;
                    uri = Urls.parse(location).map(l -> resolve(from, l)).orElseThrow(() -> notUrl(at,
                            location));
                    continue;
                }
                if (status < 200 || status >= 300) {
                    String message = at + ": " + shown + " answered " + status;
                    throw status >= 500 || status == 429
                            ? ConnectorException.retryable("browser.download", message, null, null)
                            : ConnectorException.permanent("browser.download", message, null, null);
                }
                String length = response.header("Content-Length");
                if (length != null && length.matches("\\d{1,18}")) {
                    context.blobs().checkSize(Long.parseLong(length));
                }
                String type = response.header("Content-Type");
                BlobRef ref;
                try {
                    ref = context.blobs().put(response.stream(), type);
                } catch (IOException e) {
                    throw ConnectorException.retryable("browser.download",
                            at + ": reading " + shown + " failed: "
                                    + e.getMessage(),
                            null, null);
                }
                blobs.set(d.name(), ref.toJson());
                return "stored " + ref.size() + " bytes of " + ref.contentType() + " from " + shown;
            }
        }
        throw ConnectorException.permanent("browser.download", at + ": more than " + MAX_REDIRECTS
                + " redirects", null, null);
    }

    /** {@code location} against {@code uri}, or null when they do not make a URL. */
    private static URI resolve(URI uri, URI location) {
        try {
            return uri.resolve(location);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A link {@code URI} takes for none even encoded: named without its query, never the parser's message. */
    private static ConnectorException notUrl(String at, String url) {
        return ConnectorException.permanent("browser.download", at + ": " + Urls.withoutQuery(url)
                + " is not a URL the platform can fetch; download a link of the page instead", null, null);
    }

    private HttpTransport.Response send(String at, HttpTransport.Request request) throws ConnectorException {
        try {
            return context.http().send(request);
        } catch (ConnectorException e) {
            String message = at + ": " + Urls.withoutQueryOf(request.uri().toString(), e.getMessage());
            throw e.retryable()
                    ? ConnectorException.retryable(e.code(), message, null, null)
                    : ConnectorException.permanent(e.code(), message, null, null);
        }
    }

    /** The cookies Chromium would send to {@code uri}, as a {@code Cookie} header's value. */
    private String cookies(URI uri) throws IOException, TimeoutException {
        ObjectNode ask = Cdp.JSON.createObjectNode();
        ask.putArray("urls").add(uri.toString());
        StringBuilder header = new StringBuilder();
        for (JsonNode cookie : page.send("Network.getCookies", ask, deadline).path("cookies")) {
            if (!header.isEmpty()) {
                header.append("; ");
            }
            header.append(cookie.path("name").asText()).append('=').append(cookie.path("value").asText());
        }
        return header.toString();
    }

    private Duration left() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
    }
}
