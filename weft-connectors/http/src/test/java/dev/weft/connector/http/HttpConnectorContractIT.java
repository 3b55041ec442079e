package dev.weft.connector.http;

import com.sun.net.httpserver.HttpServer;
import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.connector.Credential;
import dev.weft.connector.OutboundAuth;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract against a real HTTP server on 127.0.0.1 that echoes requests, with a bearer
 * credential whose token must never come back, not even from a server that echoes it.
 */
class HttpConnectorContractIT extends ConnectorContract {
    private static final String TOKEN = "canary-token-7f3a9c21e8b4";
    private static HttpServer server;
    private static String base;
    /** One system (one transport) for the class: the contract opens a client on it many times. */
    private static TestSystem system;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            // Echoes method and path only: a server echoing the Authorization header would put the
            // token in the output, which no connector can prevent.
            String seen = "{\"method\":\"" + exchange.getRequestMethod() + "\",\"path\":\""
                    + exchange.getRequestURI().getPath() + "\",\"authorized\":"
                    + ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    + "}";
            // a list (one page) under /list, a GraphQL answer under /graphql, else the request seen
            String path = exchange.getRequestURI().getPath();
            byte[] body = (path.endsWith("/list")
                    ? "[" + seen + "]"
                    : path.endsWith("/graphql") ? "{\"data\":" + seen + "}" : seen)
                    .getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().endsWith("/missing") ? 404 : 200;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status,
                    exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
            try (var out = exchange.getResponseBody()) {
                if (!exchange.getRequestMethod().equals("HEAD")) {
                    out.write(body);
                }
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        if (system != null) {
            ((dev.weft.gateway.transport.JettyTransport) system.http()).close();
        }
    }

    @Override
    protected Connector connector() {
        return new HttpConnector();
    }

    @Override
    protected TestSystem system() {
        Credential.Bearer bearer = new Credential.Bearer(TOKEN);
        OutboundAuth auth = new OutboundAuth() {
            @Override
            public dev.weft.connector.Authorization authorize(String method, java.net.URI uri, byte[] body) {
                return new dev.weft.connector.Authorization(
                        Map.of("Authorization", "Bearer " + bearer.token()),
                        Map.of());
            }

            @Override
            public boolean renew(dev.weft.connector.Authorization rejected) {
                return false;
            }
        };
        if (system == null) {
            try {
                system = PlatformHttp.withTransport(TestSystem.named("contract")
                        .withConfig(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                .put("baseUrl", base + "/api"))
                        .withCredential(bearer).withAuth(auth));
            } catch (dev.weft.connector.ConnectorException e) {
                throw new IllegalStateException(e);
            }
        }
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(call("http.request", "{\"path\": \"/customers/42\"}"),
                call("http.request",
                        "{\"method\": \"POST\", \"path\": \"/customers\", \"body\": {\"name\": \"Ada\"}}"),
                call("http.request", "{\"url\": \"" + base + "/api/orders\", \"query\": {\"page\": 2}}"),
                call("http.request", "{\"method\": \"POST\", \"path\": \"/forms\", \"form\": {\"a\": 1}}"),
                call("http.request", "{\"method\": \"POST\", \"path\": \"/files\", \"multipart\": [{\"name\":"
                        + " \"f\", \"filename\": \"a.txt\", \"content\": \"hi\"}]}"),
                call("http.paginate", "{\"path\": \"/list\", \"pagination\": {\"style\": \"link\"}}"),
                call("http.graphql", "{\"path\": \"/graphql\", \"query\": \"{ customer { id } }\"}"),
                call("http.graphql_mutation",
                        "{\"path\": \"/graphql\", \"query\": \"mutation { create { id } }\"}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("http.request", "{\"path\": \"/customers/missing\"}"),
                call("http.request", "{\"url\": \"http://localhost:9/x\"}"),
                call("http.request", "{\"method\": \"BREW\", \"path\": \"/x\"}"),
                call("http.request", "{\"path\": \"https://elsewhere.example/x\"}"),
                call("http.paginate",
                        "{\"path\": \"/customers/missing\", \"pagination\": {\"style\": \"link\"}}"),
                call("http.paginate", "{\"path\": \"/customers\", \"pagination\": {\"style\": \"link\"}}"),
                call("http.graphql", "{\"path\": \"/graphql\", \"query\": \"mutation { drop }\"}"),
                call("http.graphql", "{\"path\": \"/customers\", \"query\": \"{ a }\"}"));
    }
}
