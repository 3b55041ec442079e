package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A system's gateway policy, parsed from its {@code policy} JSON. Every part is optional except the
 * circuit breaker, which every system has (by default: open after at least 10 calls with 50 % or more
 * failures, for 30 s, then 3 trial calls). Immutable; {@link #parse} names every bad field.
 */
public record Policy(Duration timeout, Retry retry, Breaker circuitBreaker, RateLimit rateLimit,
        Bulkhead bulkhead, Cache cache, List<Endpoint> endpoints, Fallback fallback) {

    /** The most endpoints a system may have. */
    public static final int MAX_ENDPOINTS = 32;

    public Policy {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** Tries again after a retryable failure: only idempotent operations unless {@code nonIdempotent}. */
    public record Retry(int maxAttempts, Duration backoff, boolean nonIdempotent) {
    }

    /** Resilience4j's count-based breaker; a call fails when its error is retryable (or it was slow). */
    public record Breaker(float failureRate, float slowCallRate, Duration slowCall, int window,
            int minimumCalls,
            Duration openDuration, int halfOpenCalls) {
        static final Breaker DEFAULT = new Breaker(50, 100, Duration.ofSeconds(60), 20, 10,
                Duration.ofSeconds(30),
                3);
    }

    /** At most {@code permits} calls per {@code period}; a call beyond waits up to {@code maxWait}. */
    public record RateLimit(int permits, Duration period, Duration maxWait) {
    }

    /** At most {@code maxConcurrent} calls at once; one more waits up to {@code maxWait}. */
    public record Bulkhead(int maxConcurrent, Duration maxWait) {
    }

    /** Answers of read-only operations (and cacheable calls) kept for {@code ttl}, at most {@code maxEntries}. */
    public record Cache(Duration ttl, long maxEntries) {
    }

    /**
     * One of several base URLs of the same system: calls are spread over the endpoints whose breaker is not
     * open, in proportion to {@code weight}. Its client is the system's with {@code config.baseUrl} set to
     * {@code baseUrl}.
     */
    public record Endpoint(String baseUrl, int weight) {
    }

    /**
     * What a call answers when the system is unavailable (its error is retryable after every attempt, or
     * its breaker is open, or a limit refused it): a fixed {@code value}, or the same operation on another
     * {@code system} of the same connector (whose own fallback is not followed). Exactly one is set.
     */
    public record Fallback(JsonNode value, String system) {
    }

    public static final Policy DEFAULT = new Policy(null, null, Breaker.DEFAULT, null, null, null, List.of(),
            null);

    private static final Set<String> FIELDS = Set.of("timeout", "retry", "circuitBreaker", "rateLimit",
            "bulkhead", "cache", "endpoints", "fallback");

    /**
     * The policy of {@code json} ({@code {}} or null for the defaults).
     *
     * @throws IllegalArgumentException naming every bad field ({@code policy.retry.maxAttempts: ...})
     */
    public static Policy parse(JsonNode json) {
        List<String> problems = new ArrayList<>();
        if (json == null || json.isNull()) {
            return DEFAULT;
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("policy: must be an object, but was " + json.getNodeType());
        }
        Fields p = new Fields(json, "policy", problems);
        p.only(FIELDS);
        Duration timeout = p.duration("timeout", null);
        Retry retry = null;
        Fields r = p.object("retry");
        if (r != null) {
            r.only(Set.of("maxAttempts", "backoff", "nonIdempotent"));
            retry = new Retry(r.integer("maxAttempts", 3, 1, 10),
                    r.duration("backoff", Duration.ofMillis(200)),
                    r.bool("nonIdempotent", false));
        }
        Breaker breaker = Breaker.DEFAULT;
        Fields b = p.object("circuitBreaker");
        if (b != null) {
            b.only(Set.of("failureRate", "slowCallRate", "slowCall", "window", "minimumCalls", "openDuration",
                    "halfOpenCalls"));
            Breaker d = Breaker.DEFAULT;
            breaker = new Breaker(b.integer("failureRate", (int) d.failureRate(), 1, 100),
                    b.integer("slowCallRate", (int) d.slowCallRate(), 1, 100),
                    b.duration("slowCall", d.slowCall()),
                    b.integer("window", d.window(), 1, 10_000),
                    b.integer("minimumCalls", d.minimumCalls(), 1, 10_000),
                    b.duration("openDuration", d.openDuration()),
                    b.integer("halfOpenCalls", d.halfOpenCalls(), 1, 1000));
        }
        RateLimit rateLimit = null;
        Fields l = p.object("rateLimit");
        if (l != null) {
            l.only(Set.of("permits", "period", "maxWait"));
            rateLimit = new RateLimit(l.integer("permits", 10, 1, 1_000_000),
                    l.duration("period", Duration.ofSeconds(1)),
                    l.duration("maxWait", Duration.ZERO));
        }
        Bulkhead bulkhead = null;
        Fields k = p.object("bulkhead");
        if (k != null) {
            k.only(Set.of("maxConcurrent", "maxWait"));
            bulkhead = new Bulkhead(k.integer("maxConcurrent", 25, 1, 100_000),
                    k.duration("maxWait", Duration.ZERO));
        }
        Cache cache = null;
        Fields c = p.object("cache");
        if (c != null) {
            c.only(Set.of("ttl", "maxEntries"));
            cache = new Cache(c.duration("ttl", Duration.ofSeconds(60)),
                    c.integer("maxEntries", 1000, 1, 1_000_000));
        }
        List<Endpoint> endpoints = endpoints(json.get("endpoints"), problems);
        Fallback fallback = null;
        Fields f = p.object("fallback");
        if (f != null) {
            f.only(Set.of("value", "system"));
            boolean value = f.node().has("value");
            boolean system = f.node().hasNonNull("system");
            if (value == system) {
                problems.add(
                        "policy.fallback: give exactly one of 'value' (what the call answers) or 'system'"
                                + " (another system of the same connector to call instead)");
            } else if (system && !f.node().get("system").isTextual()) {
                problems.add(
                        "policy.fallback.system: must be a system's id, but was " + f.node().get("system"));
            } else {
                fallback = new Fallback(value ? f.node().get("value").deepCopy() : null,
                        system ? f.node().get("system").textValue() : null);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Policy(timeout, retry, breaker, rateLimit, bulkhead, cache, endpoints, fallback);
    }

    /**
     * What is wrong with {@code policy} for system {@code system} of connector {@code connector} with
     * {@code config}, or null: endpoints need a connector whose config takes a {@code baseUrl} (and replace
     * the config's own), and a system cannot be its own fallback.
     */
    public static String problem(Policy policy, dev.weft.connector.ConnectorSpec connector, String system,
            JsonNode config) {
        List<String> problems = new ArrayList<>();
        if (!policy.endpoints().isEmpty()) {
            if (!connector.configSchema().path("properties").has("baseUrl")) {
                problems.add(
                        "policy.endpoints: connector " + connector.id() + " has no baseUrl in its config,"
                                + " so its systems cannot have several endpoints; remove policy.endpoints");
            } else if (config != null && config.hasNonNull("baseUrl")) {
                problems.add(
                        "policy.endpoints: replaces config.baseUrl, so the two cannot both be given; list "
                                + config.get("baseUrl")
                                + " as one of the endpoints and remove config.baseUrl");
            }
        }
        if (policy.fallback() != null && system.equals(policy.fallback().system())) {
            problems.add(
                    "policy.fallback.system: cannot be the system itself; name another system of connector "
                            + connector.id() + ", or give a fallback 'value'");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static List<Endpoint> endpoints(JsonNode json, List<String> problems) {
        if (json == null || json.isNull()) {
            return List.of();
        }
        if (!json.isArray() || json.isEmpty() || json.size() > MAX_ENDPOINTS) {
            problems.add("policy.endpoints: must be a list of 1 to " + MAX_ENDPOINTS
                    + " objects such as {\"baseUrl\": \"https://a.example\", \"weight\": 2}, but was "
                    + json);
            return List.of();
        }
        List<Endpoint> endpoints = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < json.size(); i++) {
            String at = "policy.endpoints[" + i + "]";
            if (!json.get(i).isObject()) {
                problems.add(at + ": must be an object with 'baseUrl' and an optional 'weight', but was "
                        + json.get(i));
                continue;
            }
            Fields e = new Fields(json.get(i), at, problems);
            e.only(Set.of("baseUrl", "weight"));
            JsonNode url = json.get(i).get("baseUrl");
            String baseUrl = url != null && url.isTextual() ? url.textValue() : null;
            if (baseUrl == null || !absoluteHttp(baseUrl)) {
                problems.add(at + ".baseUrl: must be an absolute http or https URL, but was " + url);
            } else if (!seen.add(baseUrl)) {
                problems.add(at + ".baseUrl: " + baseUrl + " is listed twice");
            }
            endpoints.add(new Endpoint(baseUrl, e.integer("weight", 1, 1, 1000)));
        }
        return endpoints;
    }

    private static boolean absoluteHttp(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Reads one object's fields, adding a problem per bad one. */
    private record Fields(JsonNode node, String path, List<String> problems) {
        void only(Set<String> known) {
            node.fieldNames().forEachRemaining(f -> {
                if (!known.contains(f)) {
                    problems.add(path + "." + f + ": unknown; " + path + " has " + String.join(", ",
                            known.stream().sorted().toList()));
                }
            });
        }

        Fields object(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isObject()) {
                problems.add(path + "." + field + ": must be an object, but was " + v.getNodeType());
                return null;
            }
            return new Fields(v, path + "." + field, problems);
        }

        Duration duration(String field, Duration fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            Duration d = v.isTextual() ? Durations.parse(v.asText()).orElse(null) : null;
            if (d == null || d.isNegative()) {
                problems.add(path + "." + field + ": must be " + Durations.EXPECTED + ", but was " + v);
                return fallback;
            }
            return d;
        }

        int integer(String field, int fallback, int min, int max) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < min || v.intValue() > max) {
                problems.add(path + "." + field + ": must be a whole number from " + min + " to " + max
                        + ", but was "
                        + v);
                return fallback;
            }
            return v.intValue();
        }

        boolean bool(String field, boolean fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isBoolean()) {
                problems.add(path + "." + field + ": must be true or false, but was " + v);
                return fallback;
            }
            return v.booleanValue();
        }
    }
}
