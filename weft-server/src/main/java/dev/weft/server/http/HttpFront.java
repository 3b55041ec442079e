package dev.weft.server.http;

import dev.weft.engine.NamespaceScopeException;
import dev.weft.engine.store.AuditScope;
import dev.weft.server.access.Auditor;
import dev.weft.server.access.Authenticator;
import dev.weft.server.access.Sessions;
import dev.weft.server.access.Permission;
import dev.weft.server.access.Principal;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import dev.weft.server.config.FrontSettings;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Jetty on virtual threads, every request dispatched through the {@link Router}, API
 * routes authenticated, errors answered as JSON. Graceful: {@link #stop} refuses new requests and lets
 * the ones in flight finish. Thread-safe.
 */
public final class HttpFront {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param authenticate who a request's key or session cookie authenticates
     * @param throttle counts failed authentications per client address (shared with the sign-in route)
     * @param stopGrace how long {@link #stop} waits for requests in flight
     */
    public HttpFront(String host, int port, long maxBodyBytes, Router router,
            Authenticator authenticate, AuthThrottle throttle, Auditor auditor, java.time.Duration stopGrace,
            FrontSettings front) {
        this(host, port, maxBodyBytes, router, authenticate, throttle, auditor, stopGrace, front, null);
    }

    /** @param ui the web UI served at {@code /} and every path that is not the API's; null for none */
    public HttpFront(String host, int port, long maxBodyBytes, Router router,
            Authenticator authenticate, AuthThrottle throttle, Auditor auditor, java.time.Duration stopGrace,
            FrontSettings front, UiFiles ui) {
        // Jetty's recommended shape: selectors and its own short tasks on a few platform threads, each request's
        // handler (blocking: it may wait on a store or a connector) on a virtual thread of its own.
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("weft-http");
        threads.setVirtualThreadsExecutor(
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("weft-http-request-", 0).factory()));
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(16 * 1024);
        if (front.tls()) {
            // HTTPS only: a request's isSecure() is then true (Secure cookies, HSTS). The certificate's name is
            // the clients' business (they check it); the server answers whatever name it is reached by.
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(PemKeyStore.load(front.tlsCertificate(), front.tlsPrivateKey()));
            ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(new Dispatcher(router, authenticate, maxBodyBytes, throttle, auditor,
                new RateLimits(front.keyRequestsPerSecond(), front.tenantRequestsPerSecond(),
                        System::nanoTime),
                java.util.Set.copyOf(front.corsOrigins()), ui));
        server.setHandler(graceful);
        server.setStopTimeout(stopGrace.toMillis());
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (the configured one, or a free one when that was 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, waits for requests in flight (up to 30 s), then stops. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the HTTP server did not stop cleanly", e);
        }
    }

    private static final class Dispatcher extends Handler.Abstract {
        private final Router router;
        private final Authenticator authenticate;
        private final long maxBodyBytes;
        private final AuthThrottle throttle;
        private final Auditor auditor;
        private final RateLimits limits;
        private final java.util.Set<String> corsOrigins;
        private final UiFiles ui;

        Dispatcher(Router router, Authenticator authenticate, long maxBodyBytes,
                AuthThrottle throttle, Auditor auditor, RateLimits limits,
                java.util.Set<String> corsOrigins, UiFiles ui) {
            super(InvocationType.BLOCKING);
            this.ui = ui;
            this.auditor = auditor;
            this.limits = limits;
            this.corsOrigins = corsOrigins;
            this.router = router;
            this.authenticate = authenticate;
            this.maxBodyBytes = maxBodyBytes;
            this.throttle = throttle;
        }

        /**
         * On every answer: the body is what its Content-Type says (no sniffing), no page may frame it, and
         * nothing of the URL leaves in a Referer. The API serves JSON only: no script, style or frame of its
         * own, so its policy allows none.
         */
        private static void securityHeaders(Request request, Response response) {
            var headers = response.getHeaders();
            if (request.isSecure()) {
                headers.put("Strict-Transport-Security", "max-age=31536000");
            }
            headers.put("X-Content-Type-Options", "nosniff");
            headers.put("Referrer-Policy", "no-referrer");
            headers.put("X-Frame-Options", "DENY");
            headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            securityHeaders(request, response);
            if (cors(request, response, callback)) {
                return true;
            }
            Router.Match match;
            try {
                match = router.match(request.getMethod(), path == null ? "/" : path);
            } catch (ApiException e) {
                new Exchange(request, response, callback, java.util.Map.of(), maxBodyBytes,
                        "server.maxBodyBytes")
                        .error(e);
                return true;
            }
            long routeLimit = match == null || match.route() == null ? 0 : match.route().maxBodyBytes();
            Exchange exchange = new Exchange(request, response, callback,
                    match == null ? java.util.Map.of() : match.params(),
                    routeLimit > 0 && routeLimit < maxBodyBytes ? routeLimit : maxBodyBytes,
                    routeLimit > 0 && routeLimit < maxBodyBytes
                            ? "this operation's limit"
                            : "server.maxBodyBytes");
            AuditScope audit = null;
            try {
                if (match == null && ui != null && UiFiles.isUiPath(path == null ? "/" : path)
                        && (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))) {
                    UiFiles.Answer a = ui.answer(path == null ? "/" : path);
                    exchange.send(a.status(), a.contentType(), a.body(),
                            java.util.Map.of("Content-Security-Policy", UiFiles.CSP, "Cache-Control",
                                    a.cacheControl()));
                    return true;
                }
                if (match == null) {
                    throw ApiException.notFound("no route for " + path);
                }
                if (match.route() == null) {
                    throw new ApiException(405, "method_not_allowed",
                            request.getMethod() + " is not allowed on "
                                    + path + "; allowed: " + String.join(", ", match.allowed()));
                }
                if (match.route().authenticated()) {
                    String address = Request.getRemoteAddr(request);
                    long wait = throttle.retryAfterSeconds(address);
                    if (wait > 0) {
                        response.getHeaders().put("Retry-After", Long.toString(wait));
                        throw new ApiException(429, "auth.throttled", "too many requests from this address"
                                + " failed to authenticate; try again in " + wait + " s");
                    }
                    String header = request.getHeaders().get("Authorization");
                    String cookies = request.getHeaders().get("Cookie");
                    Optional<Principal> principal = authenticate.authenticate(header, cookies);
                    if (principal.isEmpty()) {
                        throttle.failed(address);
                        auditor.authenticationFailed(path, address, request.getHeaders().get("User-Agent"),
                                Authenticator.presented(header, cookies));
                        response.getHeaders().put("WWW-Authenticate", header == null
                                ? "Bearer realm=\"weft\""
                                : "Bearer realm=\"weft\", error=\"invalid_token\"");
                        throw new ApiException(401, "unauthorized", !Authenticator.presented(header, cookies)
                                ? "this route needs an API key (Authorization: Bearer <key>) or a signed-in"
                                        + " session (POST /api/v1/auth/login)"
                                : header != null
                                        ? "the API key is not valid (unknown, revoked or expired)"
                                        : "the session is not valid (signed out, expired, or its user removed);"
                                                + " sign in again");
                    }
                    // Over the rate: refused before anything is written, the audit entry included.
                    RateLimits.Refusal refusal = limits.take(principal.get().tenant(),
                            principal.get().actor());
                    if (refusal != null) {
                        response.getHeaders().put("Retry-After", Long.toString(refusal.retryAfterSeconds()));
                        throw new ApiException(429, "rate.limited",
                                refusal.whose() + " request rate is limited to "
                                        + (long) refusal.rate()
                                        + " a second on this server (limits in the configuration);"
                                        + " try again in " + refusal.retryAfterSeconds() + " s");
                    }
                    if (match.route().mutates()) {
                        audit = auditor.open(principal.get(), match.route(), path,
                                match.params().get("tenant"),
                                address, request.getHeaders().get("User-Agent"));
                    }
                    java.util.Set<String> reach = authorize(principal.get(), match.route());
                    if (principal.get().session() != null && match.route().unsafe()
                            && !Sessions.csrfMatches(principal.get(),
                                    request.getHeaders().get(Sessions.CSRF_HEADER))) {
                        // A signed-in browser sends its cookie with any site's request: a change must also
                        // carry the CSRF token, which only Weft's own pages can read.
                        throw new ApiException(403, "csrf.invalid",
                                "a change made with a session cookie needs"
                                        + " the header " + Sessions.CSRF_HEADER
                                        + " with the CSRF token given at sign-in"
                                        + " (also in the " + Sessions.CSRF_COOKIE + " cookie)");
                    }
                    exchange.principal(principal.get(), reach, match.route().permission());
                }
                match.route().handler().handle(exchange);
            } catch (ApiException e) {
                answer(exchange, e);
            } catch (NamespaceScopeException e) {
                answer(exchange, new ApiException(403, "namespace.out_of_scope", e.getMessage()));
            } catch (dev.weft.server.access.Passwords.BusyException e) {
                response.getHeaders().put("Retry-After", "5");
                answer(exchange, new ApiException(503, "busy", e.getMessage()));
            } catch (dev.weft.engine.QuotaExceededException e) {
                if (e.code().equals(dev.weft.engine.QuotaExceededException.STORED_BYTES)) {
                    answer(exchange, new ApiException(507, e.code(), e.getMessage()));
                } else {
                    response.getHeaders().put("Retry-After", "1");
                    answer(exchange, new ApiException(429, e.code(), e.getMessage()));
                }
            } catch (Exception | Error e) {
                String ref = java.util.UUID.randomUUID().toString();
                LOG.error("request {} {} failed (reference {})", request.getMethod(), path, ref, e);
                answer(exchange, new ApiException(500, "internal", "the server failed to serve this request;"
                        + " the log has the details under reference " + ref));
            }
            if (!exchange.answered()) {
                answer(exchange, new ApiException(500, "internal", "the route gave no answer"));
            }
            if (audit != null) {
                auditor.finish(audit, exchange.status());
            }
            return true;
        }

        /**
         * CORS, closed by default: a page of an origin in {@code server.cors.allowedOrigins} may call the API
         * (with its credentials); a preflight from any other origin is refused. True when the request was a
         * preflight and is answered.
         */
        private boolean cors(Request request, Response response, Callback callback) {
            String origin = request.getHeaders().get("Origin");
            boolean allowed = origin != null && corsOrigins.contains(origin);
            var headers = response.getHeaders();
            if (allowed) {
                headers.put("Access-Control-Allow-Origin", origin);
                headers.put("Access-Control-Allow-Credentials", "true");
                headers.put("Access-Control-Expose-Headers", "Location, Retry-After, WWW-Authenticate");
                headers.add("Vary", "Origin");
            }
            if (!request.getMethod().equals("OPTIONS")
                    || request.getHeaders().get("Access-Control-Request-Method") == null) {
                return false;
            }
            Exchange exchange = new Exchange(request, response, callback, java.util.Map.of(), maxBodyBytes,
                    "server.maxBodyBytes");
            if (!allowed) {
                exchange.error(
                        new ApiException(403, "cors.origin_not_allowed", "pages of " + origin + " may not"
                                + " call this server; allow the origin in server.cors.allowedOrigins"));
                return true;
            }
            headers.put("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
            headers.put("Access-Control-Allow-Headers",
                    "Authorization, Content-Type, X-CSRF-Token, Idempotency-Key,"
                            + " traceparent");
            headers.put("Access-Control-Max-Age", "600");
            exchange.send(204, null, new byte[0], java.util.Map.of());
            return true;
        }

        /**
         * Refuses (403) a principal that holds the route's permission nowhere (neither by its role nor by a
         * role in a namespace), or whose key is limited to namespaces while the route reaches the whole
         * tenant; else answers the namespaces where it holds the permission (empty: all it reaches).
         */
        private static java.util.Set<String> authorize(Principal principal, Route route) {
            Permission needed = route.permission();
            java.util.Optional<java.util.Set<String>> reach = principal.reach(needed);
            if (reach.isEmpty()) {
                throw new ApiException(403, "forbidden",
                        "role '" + principal.role().name() + "' does not grant "
                                + needed + ", which " + route.describe() + " needs"
                                + (principal.namespaceRoles().isEmpty()
                                        ? ""
                                        : ", nor do its roles in namespaces "
                                                + new java.util.TreeSet<>(
                                                        principal.namespaceRoles().keySet()))
                                + "; ask an administrator for a key with a role that does");
            }
            if (needed.reach() != Permission.Reach.NAMESPACE && !principal.namespaces().isEmpty()) {
                throw new ApiException(403, "namespace.out_of_scope", route.describe() + " reaches the whole"
                        + " tenant, but this key is limited to namespaces "
                        + new java.util.TreeSet<>(principal.namespaces()));
            }
            return reach.get();
        }

        private static void answer(Exchange exchange, ApiException e) {
            if (exchange.answered()) {
                return;
            }
            exchange.error(e);
        }
    }
}
