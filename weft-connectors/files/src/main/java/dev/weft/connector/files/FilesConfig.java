package dev.weft.connector.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.time.Duration;

/**
 * A system's configuration: a local folder ({@code kind: local}, {@code root}) or an SFTP server
 * ({@code kind: sftp}, host, port, root, user, knownHostKey, connectionTimeout). Immutable.
 *
 * @param user the SFTP user for a private-key (secret) credential; a basic credential names its own
 * @param knownHostKey the SFTP server's public key fingerprint, {@code SHA256:...}; null for local
 */
record FilesConfig(Kind kind, String root, String host, int port, String user, String knownHostKey,
        Duration connectionTimeout) {

    enum Kind {
        LOCAL, SFTP
    }

    static final int DEFAULT_PORT = 22;
    static final int DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;
    private static final Inputs CONFIG = new Inputs("files system config", "files.config");

    static FilesConfig parse(JsonNode config) throws ConnectorException {
        String kind = CONFIG.required(config, "kind", "local");
        String root = CONFIG.required(config, "root", kind.equals("sftp") ? "/upload" : "/srv/exchange");
        return switch (kind) {
            case "local" -> {
                for (String f : new String[]{"host", "port", "user", "knownHostKey", "connectionTimeout"}) {
                    if (config.has(f)) {
                        throw CONFIG.invalid(f, "is for kind sftp only; remove it for kind local");
                    }
                }
                yield new FilesConfig(Kind.LOCAL, root, null, 0, null, null, Duration.ZERO);
            }
            case "sftp" -> {
                String host = CONFIG.required(config, "host", "sftp.example.com");
                int port = CONFIG.integer(config, "port", DEFAULT_PORT, 1, 65535);
                String user = CONFIG.text(config, "user", null);
                String key = CONFIG.required(config, "knownHostKey",
                        "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
                if (!key.startsWith("SHA256:") || key.length() < 20) {
                    throw CONFIG.invalid("knownHostKey", "must be the server's SHA256 key fingerprint, as"
                            + " `ssh-keygen -lf <host key>.pub` prints it (SHA256:...), but was '" + key
                            + "'");
                }
                int timeout = CONFIG.integer(config, "connectionTimeout", DEFAULT_CONNECTION_TIMEOUT_MS, 1,
                        600_000);
                yield new FilesConfig(Kind.SFTP, root, host, port, user, key, Duration.ofMillis(timeout));
            }
            default ->
                throw CONFIG.invalid("kind", "must be \"local\" or \"sftp\", but was \"" + kind + "\"");
        };
    }

    /** Where, for messages: never a secret. */
    String where() {
        return kind == Kind.LOCAL ? "folder " + root : "sftp://" + host + ":" + port + root;
    }
}
