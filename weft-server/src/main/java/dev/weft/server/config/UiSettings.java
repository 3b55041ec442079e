package dev.weft.server.config;

import java.time.Duration;

/**
 * The web UI the server serves at {@code /}, and its live event streams. Immutable.
 *
 * @param enabled whether {@code /} and the UI's client routes answer the app ({@code ui.enabled})
 * @param maxStreamsPerTenant event streams ({@code GET /api/v1/events/stream}) one tenant may hold open on
 *     this node at once; past it a new one is answered 429 ({@code ui.maxStreamsPerTenant})
 * @param streamHeartbeat how long an event stream may be quiet before it sends a comment (with its cursor),
 *     so that proxies keep the connection and a reconnect resumes where it was ({@code ui.streamHeartbeat})
 * @param classpathRoot where on the class path the built app is ({@link #CLASSPATH_ROOT}, which the
 *     {@code weft-ui} jar fills); not a configuration option: tests point it at an empty folder
 */
public record UiSettings(boolean enabled, int maxStreamsPerTenant, Duration streamHeartbeat,
        String classpathRoot) {
    public static final String CLASSPATH_ROOT = "dev/weft/ui/static/";
    public static final int DEFAULT_MAX_STREAMS_PER_TENANT = 50;
    public static final Duration DEFAULT_STREAM_HEARTBEAT = Duration.ofSeconds(15);

    public UiSettings {
        if (maxStreamsPerTenant < 1) {
            throw new IllegalArgumentException("ui.maxStreamsPerTenant must be at least 1, but was "
                    + maxStreamsPerTenant);
        }
        if (streamHeartbeat == null || streamHeartbeat.compareTo(Duration.ofSeconds(1)) < 0
                || streamHeartbeat.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "ui.streamHeartbeat must be from 1s to 10m, such as 15s, but was "
                            + streamHeartbeat);
        }
        if (classpathRoot == null || !classpathRoot.endsWith("/") || classpathRoot.startsWith("/")) {
            throw new IllegalArgumentException("the UI's class path folder must be relative and end in '/',"
                    + " such as " + CLASSPATH_ROOT + ", but was " + classpathRoot);
        }
    }

    public static UiSettings defaults() {
        return new UiSettings(true, DEFAULT_MAX_STREAMS_PER_TENANT, DEFAULT_STREAM_HEARTBEAT, CLASSPATH_ROOT);
    }
}
