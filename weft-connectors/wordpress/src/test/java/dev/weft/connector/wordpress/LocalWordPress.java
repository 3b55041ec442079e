package dev.weft.connector.wordpress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.SystemClient;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real WordPress the tests talk to: Debian's package (6.1) on PHP's built-in server, started (or found)
 * by the project's {@code scripts/wordpress-test-server}, which prints the site's address and its users'
 * application passwords. Without it the tests are skipped, or fail when {@code CI=true}.
 */
final class LocalWordPress {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** This run's mark, in titles and names, so that runs and classes do not meet each other's records. */
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static volatile Map<String, String> server;

    static final RequiredService WORDPRESS = RequiredService.of("WordPress (scripts/wordpress-test-server)",
            "install it with `apt-get install -y wordpress php-cli php-mysql` and have MariaDB on 127.0.0.1:3306"
                    + " (root without a password); the tests run scripts/wordpress-test-server as root",
            () -> server());

    private LocalWordPress() {
    }

    /** What the script printed: WORDPRESS_URL, WORDPRESS_APP_PASSWORD and the others. */
    static synchronized Map<String, String> server() throws IOException, InterruptedException {
        if (server != null) {
            return server;
        }
        Path script = root().resolve("scripts/wordpress-test-server");
        Path out = Files.createTempFile("wordpress-test-server", ".out");
        Path err = Files.createTempFile("wordpress-test-server", ".err");
        try {
            Process process = new ProcessBuilder(script.toString()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(script + " did not finish within 180 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(script + " failed: " + Files.readString(err).strip());
            }
            Map<String, String> values = new HashMap<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            if (!values.containsKey("WORDPRESS_URL") || !values.containsKey("WORDPRESS_APP_PASSWORD")) {
                throw new IOException(script + " printed no WORDPRESS_URL and WORDPRESS_APP_PASSWORD");
            }
            server = Map.copyOf(values);
            return server;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static String get(String name) {
        try {
            return server().get(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A system of the site as its administrator. */
    static TestSystem admin() throws ConnectorException {
        return system(get("WORDPRESS_URL"), get("WORDPRESS_USER"), get("WORDPRESS_APP_PASSWORD"), false);
    }

    /**
     * A system at {@code baseUrl} whose requests carry HTTP Basic of {@code user} and {@code password}, as the
     * gateway's basic auth sends it. Its transport is closed with {@link #close}.
     */
    static TestSystem system(String baseUrl, String user, String password, boolean plainPermalinks)
            throws ConnectorException {
        Credential.Basic credential = new Credential.Basic(user, password);
        String header = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        TestSystem system = TestSystem.named("blog")
                .withConfig(
                        JsonNodeFactory.instance.objectNode().put("baseUrl", baseUrl).put("plainPermalinks",
                                plainPermalinks))
                .withCredential(credential).withHeaderAuth(Map.of("Authorization", header));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }

    static void close(TestSystem system) {
        if (system != null && system.http() instanceof JettyTransport transport) {
            transport.close();
        }
    }

    static JsonNode call(TestSystem system, String operation, String input) throws ConnectorException {
        try (SystemClient client = new WordPressConnector().open(system)) {
            return client.invoke(callOf(operation, input));
        }
    }

    static Call callOf(String operation, String input) {
        return new Call(operation, json(input), "it:" + UUID.randomUUID(), Duration.ofSeconds(20),
                new Cancellation());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkout's root: the nearest directory upwards holding mvnw and the script. */
    private static Path root() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve("scripts/wordpress-test-server"))) {
                return p;
            }
        }
        throw new IOException("no scripts/wordpress-test-server above " + Path.of("").toAbsolutePath());
    }
}
