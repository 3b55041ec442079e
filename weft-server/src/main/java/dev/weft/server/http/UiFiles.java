package dev.weft.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web UI, served from the class path (the {@code weft-ui} jar's built app): {@code /assets/*} are Vite's
 * content-hashed files, cached for a year; any other path a browser asks for is one of the app's client routes
 * and answers {@code index.html}, never cached without asking again. Every answer carries the UI's strict
 * Content-Security-Policy (no inline script or style). A build without the UI answers a short text saying
 * so. Thread-safe.
 */
public final class UiFiles {
    /** The UI's policy: everything from the server itself, nothing inline, no frames, no plugins. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** A path segment of a file the app may have: no '..', no hidden files, no escapes. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json"));
    private static final byte[] NO_UI = ("""
            This Weft server was built without its web UI (the weft-ui module), so there is no app to serve here.

            The API is at /api/v1 (its description: /api/v1/openapi.json); health at /health.
            Build the distribution with the weft-ui module to have the UI at this address.
            """)
            .getBytes(StandardCharsets.UTF_8);

    private final ClassLoader loader;
    private final String root;

    /** @param root the class path folder of the built app, such as {@code dev/weft/ui/static/} */
    public UiFiles(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /**
     * Whether the server answers {@code path} with the UI: any path that is not the API's or the server's own,
     * in any case (a mistyped {@code /API/...} is the API's 404, not the app).
     */
    static boolean isUiPath(String path) {
        path = path.toLowerCase(Locale.ROOT);
        return !(path.startsWith("/api/") || path.equals("/api") || path.startsWith("/hooks/")
                || path.startsWith("/auth/") || path.equals("/health") || path.startsWith("/health/")
                || path.equals("/ready") || path.equals("/metrics"));
    }

    /** One answer: its status, type, cache rule and body. */
    record Answer(int status, String contentType, String cacheControl, byte[] body) {
    }

    /** What a GET of {@code path} answers. */
    Answer answer(String path) throws IOException {
        URL index = file("index.html");
        if (index == null) {
            return new Answer(path.equals("/") ? 200 : 404, "text/plain; charset=utf-8", "no-cache", NO_UI);
        }
        if (path.startsWith("/assets/")) {
            String name = safe(path.substring(1));
            URL asset = name == null ? null : file(name);
            return asset == null
                    ? notFound(path)
                    : new Answer(200, type(name), IMMUTABLE, read(asset));
        }
        // A file at the app's root (favicon.svg, robots.txt) is itself; any other path is a client route.
        String top = path.lastIndexOf('/') == 0 && path.indexOf('.') > 0 ? safe(path.substring(1)) : null;
        URL file = top == null || top.equals("index.html") ? null : file(top);
        if (file != null) {
            return new Answer(200, type(top), "no-cache", read(file));
        }
        return new Answer(200, TYPES.get("html"), "no-cache", read(index));
    }

    private static Answer notFound(String path) {
        return new Answer(404, "text/plain; charset=utf-8", "no-cache",
                ("no file " + path + " in this build of the web UI\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The relative name when every segment is a plain file or folder name; else null (refused). */
    private static String safe(String relative) {
        for (String segment : relative.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return null;
            }
        }
        return relative;
    }

    /** The resource of a regular file of the app, or null (folders are not files). */
    private URL file(String name) {
        URL url = loader.getResource(root + name);
        if (url == null) {
            return null;
        }
        if (url.getProtocol().equals("file")) {
            try {
                return Files.isRegularFile(Path.of(url.toURI())) ? url : null;
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }
        return url.getPath().endsWith("/") ? null : url;
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    private static String type(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
