package dev.weft.testkit.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local HTTP receiver of outbound webhooks for tests: records every request (headers with lower-case
 * names, body) and answers each by a rule of the test's ({@link #answer}), by default 200. Thread-safe;
 * {@link #close} stops it.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** What the receiver answers. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer of(int status) {
            return new Answer(status, Map.of(), "");
        }

        public Answer with(String header, String value) {
            Map<String, String> h = new TreeMap<>(headers);
            h.put(header, value);
            return new Answer(status, h, body);
        }

        public Answer body(String text) {
            return new Answer(status, headers, text);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> queued = new ConcurrentLinkedQueue<>();
    private volatile Function<Received, Answer> rule = r -> Answer.of(200);

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts a receiver on 127.0.0.1 at a free port. */
    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("the test receiver did not start", e);
        }
    }

    /** The URL of {@code path} on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers every request not answered by a queued answer with {@code rule}. */
    public WebhookReceiver answer(Function<Received, Answer> rule) {
        this.rule = rule;
        return this;
    }

    /** Answers the next requests with these, in order, then by the rule. */
    public WebhookReceiver then(Answer... answers) {
        queued.addAll(List.of(answers));
        return this;
    }

    /** Every request so far, in the order they arrived. */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The requests to {@code path}. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    String.join(", ", v)));
            URI uri = exchange.getRequestURI();
            Received r = new Received(exchange.getRequestMethod(), uri.getPath(), Map.copyOf(headers), body);
            received.add(r);
            Answer a = queued.poll();
            if (a == null) {
                a = rule.apply(r);
            }
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
