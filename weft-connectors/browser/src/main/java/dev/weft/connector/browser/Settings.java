package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A browser system's configuration: a run's default time budget, the viewport, the most bytes one response
 * and all of a run's responses may have, how many runs may have a browser at once, and the origins the
 * system's credential may be typed into; and which Chromium to start, which is the operator's choice
 * ({@code WEFT_CHROMIUM}), never a tenant's. Immutable.
 */
record Settings(String chromium, Duration timeout, int width, int height, long maxResponseBytes,
        long maxRunBytes, int maxRuns, List<String> credentialOrigins) {
    /** The environment variable naming Chromium's executable, set by the operator. */
    static final String CHROMIUM_VARIABLE = "WEFT_CHROMIUM";
    static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_WIDTH = 1280;
    static final int DEFAULT_HEIGHT = 800;
    static final long DEFAULT_MAX_RESPONSE_BYTES = 50L * 1024 * 1024;
    /** All the responses of one run: each is held in memory until Chromium has it. */
    static final long DEFAULT_MAX_RUN_BYTES = 200L * 1024 * 1024;
    /** Runs of one system at once: each is a Chromium of its own, a few hundred MB of memory. */
    static final int DEFAULT_MAX_RUNS = 4;

    Settings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        if (maxRuns < 1) {
            throw new IllegalArgumentException("maxRuns must be at least 1, but was " + maxRuns);
        }
        if (maxRunBytes < 1) {
            throw new IllegalArgumentException("maxRunBytes must be at least 1, but was " + maxRunBytes);
        }
        credentialOrigins = List.copyOf(credentialOrigins);
    }

    /** The Chromium the operator chose: {@code WEFT_CHROMIUM}, else {@value #DEFAULT_CHROMIUM}. */
    static String executable() {
        String chosen = System.getenv(CHROMIUM_VARIABLE);
        return chosen == null || chosen.isBlank() ? DEFAULT_CHROMIUM : chosen;
    }

    static Settings of(JsonNode config) throws ConnectorException {
        if (config.has("chromium")) {
            throw invalid("chromium",
                    "is not a system setting: the operator chooses Chromium's executable with"
                            + " the environment variable " + CHROMIUM_VARIABLE
                            + "; remove it from the system's config");
        }
        String chromium = executable();
        if (!chromium.startsWith("/")) {
            throw ConnectorException.permanent("browser.config",
                    "the environment variable " + CHROMIUM_VARIABLE
                            + " must be the absolute path of Chromium's executable, such as "
                            + DEFAULT_CHROMIUM
                            + ", but was \"" + chromium + "\"",
                    null, null);
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (config.hasNonNull("timeout")) {
            String text = config.get("timeout").asText();
            timeout = Durations.parse(text).filter(d -> !d.isZero() && !d.isNegative())
                    .orElseThrow(() -> invalid("timeout", "must be " + Durations.EXPECTED + ", but was \""
                            + text + "\""));
        }
        long maxRunBytes = config.path("maxRunBytes").asLong(DEFAULT_MAX_RUN_BYTES);
        if (maxRunBytes < 1) {
            throw invalid("maxRunBytes", "must be a positive number of bytes, but was " + maxRunBytes);
        }
        return new Settings(chromium, timeout, config.path("width").asInt(DEFAULT_WIDTH),
                config.path("height").asInt(DEFAULT_HEIGHT),
                config.path("maxResponseBytes").asLong(DEFAULT_MAX_RESPONSE_BYTES), maxRunBytes,
                config.path("maxRuns").asInt(DEFAULT_MAX_RUNS), origins(config.get("credentialOrigins")));
    }

    /** Each an origin as {@code location.origin} reads: scheme and host lower-case, no default port. */
    private static List<String> origins(JsonNode given) throws ConnectorException {
        List<String> origins = new ArrayList<>();
        if (given == null || given.isNull()) {
            return origins;
        }
        if (!given.isArray()) {
            throw invalid("credentialOrigins",
                    "must be a list of origins such as [\"https://portal.example.com\"],"
                            + " but was " + given.getNodeType());
        }
        for (JsonNode item : given) {
            origins.add(origin(item.asText()));
        }
        return origins;
    }

    static String origin(String text) throws ConnectorException {
        String problem = "has \"" + text
                + "\", which is not an origin: give the scheme, host and port only, such"
                + " as https://portal.example.com or http://10.0.0.5:8080";
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                throw invalid("credentialOrigins", problem);
            }
            int port = uri.getPort();
            boolean standard = port < 0 || scheme.equals("http") && port == 80
                    || scheme.equals("https") && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (standard ? "" : ":" + port);
        } catch (URISyntaxException e) {
            throw invalid("credentialOrigins", problem);
        }
    }

    private static ConnectorException invalid(String field, String problem) {
        return ConnectorException.permanent("browser.config",
                "browser system config: '" + field + "' " + problem,
                null, null);
    }
}
