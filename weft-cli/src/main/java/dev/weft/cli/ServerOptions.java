package dev.weft.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --server}, {@code --key-file}, {@code --key} and {@code --timeout}: which Weft server a command
 * talks to, with which API key. The server and the key may also come from {@code WEFT_SERVER} and
 * {@code WEFT_API_KEY}; the key is never printed.
 */
final class ServerOptions {
    static final String SERVER_ENV = "WEFT_SERVER";
    static final String KEY_ENV = "WEFT_API_KEY";

    @Option(names = "--server", paramLabel = "URL", description = "The server's base URL, such as"
            + " http://localhost:8080. Default: the environment variable " + SERVER_ENV + ".")
    String server;

    @Option(names = "--key-file", paramLabel = "FILE", description = "Read the API key from this file (its"
            + " first line), such as the server's <data>/admin-api-key.")
    Path keyFile;

    @Option(names = "--key", paramLabel = "KEY", description = "The API key. Prefer the environment variable "
            + KEY_ENV + " or --key-file: other users of the machine can see a command line.")
    String key;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", description = "How long to"
            + " wait for each answer of the server (30s, 2m, PT30S). Default: ${DEFAULT-VALUE}")
    String timeout;

    /**
     * The server to talk to, with the key found in the options or the environment. Throws
     * {@link IllegalArgumentException} naming the missing or bad option.
     */
    ServerApi connect(Map<String, String> environment) {
        URI base = base(server != null ? server : environment.get(SERVER_ENV));
        String apiKey = key(environment);
        Duration wait = Durations.parse("--timeout", timeout);
        if (wait.isZero() || wait.isNegative()) {
            throw new IllegalArgumentException("--timeout must be positive, but was '" + timeout + "'");
        }
        if ("http".equals(base.getScheme()) && !loopback(base.getHost())) {
            System.err.println("warning: the API key goes to " + base + " unencrypted; use https:// for a"
                    + " server on another machine");
        }
        return new ServerApi(base, apiKey, wait);
    }

    private static URI base(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("which server? Give --server URL (such as"
                    + " http://localhost:8080) or set " + SERVER_ENV);
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "--server must be a URL such as http://localhost:8080, but was '"
                            + url + "' (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("--server must be an http:// or https:// URL such as"
                    + " http://localhost:8080, but was '" + url + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("--server must be the server's base URL only, such as"
                    + " http://localhost:8080, without user, query or fragment (the API key goes in "
                    + KEY_ENV + " or --key-file)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path);
    }

    private String key(Map<String, String> environment) {
        String value = rawKey(environment);
        // Checked here: the HTTP client's own message about a bad header value could show the value.
        if (!value.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("the API key (from " + (keyFile != null
                    ? "--key-file " + keyFile
                    : key != null ? "--key" : KEY_ENV) + ") must be printable ASCII without spaces; its value"
                    + " is not shown here");
        }
        return value;
    }

    private String rawKey(Map<String, String> environment) {
        if (key != null && keyFile != null) {
            throw new IllegalArgumentException("give the API key once: --key or --key-file, not both");
        }
        if (keyFile != null) {
            String firstLine;
            try {
                firstLine = Files.readString(keyFile, StandardCharsets.UTF_8).lines().findFirst().orElse("")
                        .strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --key-file " + keyFile + ": " + e);
            }
            if (firstLine.isEmpty()) {
                throw new IllegalArgumentException("--key-file " + keyFile + " is empty; its first line must"
                        + " be the API key");
            }
            return firstLine;
        }
        String value = key != null ? key : environment.get(KEY_ENV);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no API key: set " + KEY_ENV + " or give --key-file FILE (a"
                    + " server's first admin key is its WEFT_ADMIN_API_KEY, or the file admin-api-key in its"
                    + " data directory)");
        }
        return value.strip();
    }

    private static boolean loopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            // An IP literal is parsed without a lookup; a name is looked up once.
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // connecting will say so
        }
    }
}
