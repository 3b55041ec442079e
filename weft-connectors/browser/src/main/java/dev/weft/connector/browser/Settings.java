package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Durations;
import java.time.Duration;

/**
 * A browser system's configuration: which Chromium to start, a run's default time budget, the viewport, the
 * most bytes one response may have, and how many runs may have a browser at once. Immutable.
 */
record Settings(String chromium, Duration timeout, int width, int height, long maxResponseBytes,
        int maxRuns) {
    static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_WIDTH = 1280;
    static final int DEFAULT_HEIGHT = 800;
    static final long DEFAULT_MAX_RESPONSE_BYTES = 50L * 1024 * 1024;
    /** Runs of one system at once: each is a Chromium of its own, a few hundred MB of memory. */
    static final int DEFAULT_MAX_RUNS = 4;

    Settings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        if (maxRuns < 1) {
            throw new IllegalArgumentException("maxRuns must be at least 1, but was " + maxRuns);
        }
    }

    static Settings of(JsonNode config) throws ConnectorException {
        String chromium = config.path("chromium").asText(DEFAULT_CHROMIUM);
        if (!chromium.startsWith("/")) {
            throw invalid("chromium", "must be the absolute path of Chromium's executable, such as "
                    + DEFAULT_CHROMIUM + ", but was \"" + chromium + "\"");
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (config.hasNonNull("timeout")) {
            String text = config.get("timeout").asText();
            timeout = Durations.parse(text).filter(d -> !d.isZero() && !d.isNegative())
                    .orElseThrow(() -> invalid("timeout", "must be " + Durations.EXPECTED + ", but was \""
                            + text + "\""));
        }
        return new Settings(chromium, timeout, config.path("width").asInt(DEFAULT_WIDTH),
                config.path("height").asInt(DEFAULT_HEIGHT),
                config.path("maxResponseBytes").asLong(DEFAULT_MAX_RESPONSE_BYTES),
                config.path("maxRuns").asInt(DEFAULT_MAX_RUNS));
    }

    private static ConnectorException invalid(String field, String problem) {
        return ConnectorException.permanent("browser.config",
                "browser system config: '" + field + "' " + problem,
                null, null);
    }
}
