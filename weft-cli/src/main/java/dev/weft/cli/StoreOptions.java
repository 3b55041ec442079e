package dev.weft.cli;

import dev.weft.server.config.ConfigException;
import dev.weft.server.config.ServerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --config}, {@code --data} and {@code --db-url}: where the server's store and master key are,
 * shared by {@code weft server} and the commands that open the same store ({@code weft vault}).
 */
final class StoreOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file; $${NAME} and "
            + "$${NAME:-default} are replaced from the environment.")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory: the embedded store (when no"
            + " --db-url), the master key and the admin key file. Default: ./weft-data")
    Path data;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "Use PostgreSQL at this JDBC URL"
            + " (jdbc:postgresql://host:5432/db) instead of the embedded SQLite store.")
    String dbUrl;

    /**
     * {@link #settings}, or empty after printing why the configuration is invalid on standard error (the
     * command then exits {@link ExitCodes#INVALID}).
     */
    java.util.Optional<ServerSettings> settingsOrReport(Map<String, String> environment) {
        try {
            return java.util.Optional.of(settings(environment));
        } catch (ConfigException e) {
            System.err.println("weft: invalid configuration " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /**
     * The configuration file's settings (or the defaults) with the options given here applied over them.
     * Throws {@link IllegalArgumentException} when the file cannot be read.
     */
    ServerSettings settings(Map<String, String> environment) throws ConfigException {
        ServerSettings settings;
        try {
            settings = config == null
                    ? ServerSettings.defaults()
                    : ServerSettings.read(config, environment);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --config " + config + ": " + e);
        }
        if (data != null) {
            settings = settings.withDataDir(data);
        }
        if (dbUrl != null) {
            settings = settings.withDbUrl(dbUrl);
        }
        return settings;
    }
}
