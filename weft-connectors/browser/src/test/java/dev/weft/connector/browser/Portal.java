package dev.weft.connector.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.connector.Credential;
import dev.weft.connector.OutboundAuth;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small web portal with no API, served by the JDK's HTTP server on 127.0.0.1 for the browser tests: a login
 * form that sets a session cookie, orders in a table of two pages, a report to download, a page that echoes
 * the password, and a page that loads resources from 127.0.0.2, which the tests' egress does not allow (its
 * server there records what reaches it). Thread-safe.
 */
final class Portal implements AutoCloseable {
    static final String USER = "ada";
    static final String PASSWORD = "pw-canary-7f3a9c2e1d";
    static final byte[] REPORT = "id,total\n1,120.00\n2,80.50\n".getBytes(StandardCharsets.UTF_8);
    static final RequiredService CHROMIUM = RequiredService.of("Chromium at " + Settings.executable(),
            "install it (Debian: apt-get install chromium chromium-driver)", () -> {
                if (!Files.isExecutable(Path.of(Settings.executable()))) {
                    throw new IOException(Settings.executable() + " is not an executable file");
                }
            });

    private final HttpServer server;
    private final HttpServer elsewhere;
    private final Map<String, String> sessions = new HashMap<>();
    /** The paths requested of the server on 127.0.0.2 (which must see none) and of the portal's socket test. */
    final List<String> reachedElsewhere = new CopyOnWriteArrayList<>();
    final List<String> reachedSocket = new CopyOnWriteArrayList<>();
    /** Counted down when a browser asks for the page that probes Chromium's DevTools port. */
    final java.util.concurrent.CountDownLatch probing = new java.util.concurrent.CountDownLatch(1);
    /** The DevTools port of the Chromium that asked for the probe, as the test found it in its profile. */
    final java.util.concurrent.CompletableFuture<String> devToolsPort = new java.util.concurrent.CompletableFuture<>();
    /** Counted down when a browser asks for the page that holds a run's browser. */
    final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    /** Counted down when a browser asks for the page where nothing comes. */
    final java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
    /**
     * Every Referer header the portal received, after the path it came with, and marked when Chromium sent it
     * rather than the platform's transport (a download): {@code /login http://... (browser)}.
     */
    final List<String> referers = new CopyOnWriteArrayList<>();
    /** The bodies the snooping page's script sent back: what it saw typed into its fields. */
    final List<String> snooped = new CopyOnWriteArrayList<>();
    /** Every Authorization header the portal received (the credential is typed, never sent as one). */
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** The User-Agent headers each request of the login page came with. */
    final List<List<String>> agents = new CopyOnWriteArrayList<>();

    Portal() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        elsewhere.createContext("/", ex -> {
            reachedElsewhere.add(ex.getRequestURI().toString());
            send(ex, 200, "text/plain", "reached");
        });
        server.createContext("/", this::handle);
        server.start();
        elsewhere.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    String elsewhereUrl(String path) {
        return "http://127.0.0.2:" + elsewhere.getAddress().getPort() + path;
    }

    /**
     * A system on the platform's own egress guard allowing 127.0.0.1 only (not 127.0.0.2), its transport, a
     * basic credential, and blobs in a temporary directory.
     */
    TestSystem system() throws Exception {
        EgressGuard egress = EgressGuard.of(EgressPolicy.parse("127.0.0.1", "egress.allow"));
        return TestSystem.named("portal").withEgress(egress).withConfig(config())
                .withCredential(new Credential.Basic(USER, PASSWORD))
                .withHttp(JettyTransport.start("portal", egress, OutboundAuth.NONE));
    }

    /** The portal's origin, {@code http://127.0.0.1:<port>}. */
    String origin() {
        return url("");
    }

    /** A system config whose credential belongs to the portal's origin. */
    com.fasterxml.jackson.databind.JsonNode config() {
        com.fasterxml.jackson.databind.node.ObjectNode config = Cdp.JSON.createObjectNode();
        config.putArray("credentialOrigins").add(origin());
        return config;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        authorizations.addAll(ex.getRequestHeaders().getOrDefault("Authorization", List.of()));
        String agent = String.valueOf(ex.getRequestHeaders().getFirst("User-Agent"));
        ex.getRequestHeaders().getOrDefault("Referer", List.of())
                .forEach(r -> referers.add(path + " " + r + (agent.contains("Chrome") ? " (browser)" : "")));
        String query = ex.getRequestURI().getRawQuery();
        if (path.equals("/socket")) {
            reachedSocket.add(path);
            send(ex, 400, "text/plain", "no");
            return;
        }
        if (path.equals("/login")) {
            agents.add(ex.getRequestHeaders().getOrDefault("User-Agent", List.of()));
            if (ex.getRequestMethod().equals("POST")) {
                Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8));
                if (USER.equals(form.get("username")) && PASSWORD.equals(form.get("password"))) {
                    String sid = UUID.randomUUID().toString();
                    synchronized (sessions) {
                        sessions.put(sid, form.get("username"));
                    }
                    ex.getResponseHeaders().add("Set-Cookie", "sid=" + sid + "; Path=/; HttpOnly");
                    ex.getResponseHeaders().add("Location", "/orders?page=1");
                    send(ex, 303, "text/plain", "");
                    return;
                }
                send(ex, 401, "text/html", "<p id=error>wrong user name or password</p>");
                return;
            }
            send(ex, 200, "text/html",
                    """
                            <html><body><form method=post action=/login>
                            <input id=username name=username><input id=password name=password type=password>
                            <select id=lang name=lang><option value=en>English</option><option value=de>Deutsch</option></select>
                            <button id=submit type=submit>Log in</button></form></body></html>""");
            return;
        }
        if (path.equals("/mixed")) {
            send(ex, 200, "text/html",
                    """
                            <html><body><h1 id=title>Mixed</h1><img id=pixel src="%s"><iframe src="%s"></iframe>
                            <script>
                              const mark = id => document.body.insertAdjacentHTML('beforeend', '<p id=' + id + '></p>');
                              fetch('%s').then(() => mark('fetched'), () => mark('fetched'));
                              const socket = new WebSocket('ws://127.0.0.1:%d/socket');
                              socket.onclose = () => mark('socket-closed');
                              alert('a dialog must not hold the page');
                            </script></body></html>"""
                            .formatted(elsewhereUrl("/pixel.png"), elsewhereUrl("/frame"),
                                    elsewhereUrl("/api"),
                                    server.getAddress().getPort()));
            return;
        }
        if (path.equals("/probe")) {
            probing.countDown();
            send(ex, 200, "text/html", """
                    <html><body><script>
                      const mark = () => document.body.insertAdjacentHTML('beforeend', '<p id=probed></p>');
                      fetch('/devtools-port').then(r => r.text()).then(port =>
                        fetch('http://127.0.0.1:' + port + '/json/version').then(mark, mark));
                    </script></body></html>""");
            return;
        }
        if (path.equals("/devtools-port")) {
            try {
                send(ex, 200, "text/plain", devToolsPort.get(10, java.util.concurrent.TimeUnit.SECONDS));
            } catch (Exception e) {
                send(ex, 500, "text/plain", e.toString());
            }
            return;
        }
        if (path.equals("/pipes")) {
            // A resource whose query holds a '|' (as font and map URLs do): valid for a browser, not for
            // java.net.URI; and a token in the query, which no output may show.
            send(ex, 200, "text/html", """
                    <html><body><p id=title>Pipes</p>
                    <img src="/pixel.png?family=Roboto|Lato&token=tok-canary-91b2"></body></html>""");
            return;
        }
        if (path.equals("/snoop")) {
            // A page that sends whatever is typed into it back to its server at once (synchronously, so that
            // it is recorded before the fill's evaluation ends), as a hostile site would.
            send(ex, 200, "text/html", """
                    <html><body><input id=username><input id=password type=password><script>
                      document.addEventListener('input', e => {
                        const x = new XMLHttpRequest();
                        x.open('POST', '/snooped', false);
                        x.send(e.target.value);
                      });
                    </script></body></html>""");
            return;
        }
        if (path.equals("/big")) {
            send(ex, 200, "text/html", "<html><body><p id=title>Big</p><img src=/big.bin></body></html>");
            return;
        }
        if (path.equals("/big.bin")) {
            send(ex, 200, "application/octet-stream", "x".repeat(8192));
            return;
        }
        if (path.equals("/snooped")) {
            snooped.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(ex, 200, "text/plain", "");
            return;
        }
        if (path.equals("/hold")) {
            holding.countDown();
            send(ex, 200, "text/html", "<html><body><p>held</p></body></html>");
            return;
        }
        if (path.equals("/waiting")) {
            waiting.countDown();
            send(ex, 200, "text/html", "<html><body><p>nothing will come</p></body></html>");
            return;
        }
        if (path.equals("/redirect-elsewhere")) {
            ex.getResponseHeaders().add("Location", elsewhereUrl("/landing"));
            send(ex, 302, "text/plain", "");
            return;
        }
        String user = user(ex);
        if (user == null) {
            ex.getResponseHeaders().add("Location", "/login");
            send(ex, 302, "text/plain", "");
            return;
        }
        switch (path) {
            case "/orders" -> send(ex, 200, "text/html", orders(user, "page=2".equals(query) ? 2 : 1));
            case "/report.csv" -> send(ex, 200, "text/csv", new String(REPORT, StandardCharsets.UTF_8));
            default -> send(ex, 404, "text/plain", "not found");
        }
    }

    private static String orders(String user, int page) {
        String rows = page == 1
                ? "<tr><td>1</td><td>Anvil</td><td>120.00</td></tr><tr><td>2</td><td>Rope</td><td>80.50</td></tr>"
                : "<tr><td>3</td><td>Lamp</td><td>42.00</td></tr>";
        String next = page == 1 ? "<a id=next href='/orders?page=2'>next</a>" : "";
        // The portal echoes the password back, as careless sites do: a run must redact it.
        return """
                <html><body><p id=welcome>Welcome, %s</p><p id=echo title="%s">You logged in with %s</p>
                <table id=orders><thead><tr><th>Id</th><th>Item</th><th>Total</th></tr></thead>
                <tbody>%s</tbody></table>%s <a id=report href='/report.csv'>report</a></body></html>"""
                .formatted(user, PASSWORD, PASSWORD, rows, next);
    }

    private String user(HttpExchange ex) {
        String cookie = ex.getRequestHeaders().getFirst("Cookie");
        if (cookie == null) {
            return null;
        }
        for (String part : cookie.split(";\\s*")) {
            if (part.startsWith("sid=")) {
                synchronized (sessions) {
                    return sessions.get(part.substring(4));
                }
            }
        }
        return null;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        elsewhere.stop(0);
    }
}
