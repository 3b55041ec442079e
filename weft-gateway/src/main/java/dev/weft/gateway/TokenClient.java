package dev.weft.gateway;

import dev.weft.gateway.egress.EgressGuard;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The gateway's own HTTP client, for OAuth 2.0 token endpoints: started on first use, with the egress
 * guard installed (token URLs are URLs users type in, like any other). Thread-safe.
 */
final class TokenClient implements AutoCloseable {
    private final EgressGuard egress;
    private volatile HttpClient client;

    TokenClient(EgressGuard egress) {
        this.egress = egress;
    }

    HttpClient client() {
        HttpClient c = client;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (client == null) {
                QueuedThreadPool threads = new QueuedThreadPool(16, 1);
                threads.setName("weft-oauth2-tokens");
                threads.setDaemon(true);
                HttpClient started = new HttpClient();
                started.setExecutor(threads);
                started.setFollowRedirects(false);
                // No cookie jar: one client serves every tenant's logins and token requests, and a cookie one
                // login sets must never go with another's.
                started.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
                egress.install(started);
                try {
                    started.start();
                } catch (Exception e) {
                    throw new IllegalStateException("the token endpoint client did not start: " + e, e);
                }
                // A 401 from a token endpoint is an answer to read (RFC 6749 5.2), not a challenge for Jetty
                // to handle (start() installs that handler, which fails a 401 without WWW-Authenticate).
                started.getProtocolHandlers().clear();
                client = started;
            }
            return client;
        }
    }

    @Override
    public void close() {
        HttpClient c = client;
        if (c != null) {
            try {
                c.stop();
            } catch (Exception e) {
                // stopping: nothing else to do with its threads
            }
        }
    }
}
