package dev.weft.connector.sap;

import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * SAP Gateway's CSRF protection for one system: before a write, the token is fetched ({@code GET} of the
 * service root with {@code x-csrf-token: Fetch}) and kept with the session cookies the answer set, since SAP
 * checks the token against its session; both go with every write. The platform's transport keeps no cookies,
 * so they are kept here, per system. After a write refused 403 with {@code x-csrf-token: Required} (the
 * session expired) the token is fetched again, once. Thread-safe.
 */
final class CsrfSession {

    /** A token and the cookies of the session it belongs to (the {@code Cookie} header's value, or null). */
    record Token(String value, String cookies) {
    }

    /** Sends the fetch; given the request's timeout and cancellation. */
    interface Fetch {
        HttpTransport.Response send(Duration timeout, Cancellation cancellation) throws ConnectorException;
    }

    private final Fetch fetch;
    private final Function<HttpTransport.Response, ConnectorException> refusal;
    private Token current;

    /** @param refusal the typed error of a fetch the service refused (a 401 for a wrong credential) */
    CsrfSession(Fetch fetch, Function<HttpTransport.Response, ConnectorException> refusal) {
        this.fetch = fetch;
        this.refusal = refusal;
    }

    /** The token to send, fetched when there is none yet or {@code stale} is the one the service refused. */
    synchronized Token token(Token stale, Duration timeout, Cancellation cancellation)
            throws ConnectorException {
        if (current != null && current != stale) {
            return current;
        }
        try (HttpTransport.Response r = fetch.send(timeout, cancellation)) {
            if (r.status() / 100 != 2) {
                throw refusal.apply(r);
            }
            // A service without CSRF protection answers no token: writes then go without one.
            current = new Token(r.header("x-csrf-token"), cookies(r.headers(), null));
            return current;
        }
    }

    /** Keeps the cookies a later answer set or renewed in the session of {@code token}. */
    synchronized void update(Token token, HttpTransport.Response response) {
        if (token == current && current != null) {
            String cookies = cookies(response.headers(), current.cookies());
            if (cookies != null && !cookies.equals(current.cookies())) {
                current = new Token(current.value(), cookies);
            }
        }
    }

    /** Whether a write was refused for its token: 403 with {@code x-csrf-token: Required}. */
    static boolean refused(HttpTransport.Response response) {
        return response.status() == 403 && "required".equalsIgnoreCase(Optional.ofNullable(response.header(
                "x-csrf-token")).orElse("").strip());
    }

    /** The {@code Cookie} header of {@code before} with the {@code Set-Cookie}s of an answer applied. */
    static String cookies(List<Map.Entry<String, String>> headers, String before) {
        Map<String, String> jar = new LinkedHashMap<>();
        if (before != null) {
            for (String pair : before.split(";\\s*")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    jar.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("set-cookie")) {
                String pair = h.getValue().split(";", 2)[0].strip();
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    jar.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        if (jar.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        jar.forEach((name, value) -> out.append(out.isEmpty() ? "" : "; ").append(name).append('=')
                .append(value));
        return out.toString();
    }
}
