package dev.weft.server.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /health} (the process answers), {@code /ready} (every component is up; 503 otherwise) and
 * {@code /health/detailed} (each component's status and check latency, for authenticated callers).
 * Thread-safe.
 */
public final class Health {

    /**
     * One part of the server; {@code check} throws or returns false when it is down. Readiness depends on it
     * unless it is {@link #info informational}: shown by {@code /health/detailed} only, because it depends
     * on other systems (a broker a trigger listens to) that the server's readiness should not wait for.
     */
    public record Component(String name, BooleanSupplier check, boolean readiness) {
        public Component(String name, BooleanSupplier check) {
            this(name, check, true);
        }

        public static Component info(String name, BooleanSupplier check) {
            return new Component(name, check, false);
        }
    }

    private final List<Component> components;

    public Health(List<Component> components) {
        this.components = List.copyOf(components);
    }

    public List<Route> routes() {
        return List.of(
                Route.open("GET", "/health",
                        x -> x.json(200, Exchange.JSON.createObjectNode().put("status", "up"))),
                Route.open("GET", "/ready", this::ready),
                Route.api("GET", "/health/detailed", this::detailed));
    }

    private Map<String, ObjectNode> checkAll(boolean withInfo) {
        Map<String, ObjectNode> results = new LinkedHashMap<>();
        for (Component c : components) {
            if (!c.readiness() && !withInfo) {
                continue;
            }
            ObjectNode r = Exchange.JSON.createObjectNode();
            long start = System.nanoTime();
            boolean up;
            String why = null;
            try {
                up = c.check().getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
                why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            r.put("status", up ? "up" : "down");
            r.put("latencyMillis", (System.nanoTime() - start) / 1_000_000.0);
            if (why != null) {
                r.put("reason", why);
            }
            if (!c.readiness()) {
                r.put("affectsReadiness", false);
            }
            results.put(c.name(), r);
        }
        return results;
    }

    private void ready(Exchange x) {
        Map<String, ObjectNode> results = checkAll(false);
        boolean up = results.values().stream().allMatch(r -> r.get("status").asText().equals("up"));
        ObjectNode body = Exchange.JSON.createObjectNode().put("status", up ? "up" : "down");
        ObjectNode parts = body.putObject("components");
        results.forEach((name, r) -> parts.put(name, r.get("status").asText()));
        x.json(up ? 200 : 503, body);
    }

    private void detailed(Exchange x) {
        Map<String, ObjectNode> results = checkAll(true);
        boolean up = results.values().stream().filter(r -> !r.has("affectsReadiness"))
                .allMatch(r -> r.get("status").asText().equals("up"));
        ObjectNode body = Exchange.JSON.createObjectNode().put("status", up ? "up" : "down");
        ObjectNode parts = body.putObject("components");
        results.forEach(parts::set);
        x.json(up ? 200 : 503, body);
    }
}
