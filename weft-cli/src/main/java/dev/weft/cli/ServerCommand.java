package dev.weft.cli;

import dev.weft.server.WeftServer;
import dev.weft.server.config.ConfigException;
import dev.weft.server.config.ServerSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft server}: the REST API, inbound webhooks, health and metrics, until stopped (SIGTERM or
 * Ctrl-C stop it gracefully).
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = {
        "Run the Weft server: REST API under /api/v1, webhooks under /hooks, /health, /ready, /metrics.",
        "Starting continues every unfinished execution in the store. Options given here override the"
                + " configuration file; every option is described in docs/configuration.md."})
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file; ${NAME} and "
            + "${NAME:-default} are replaced from the environment.")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory: the embedded store (when no"
            + " --db-url), the master key and the admin key file. Default: ./weft-data")
    Path data;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "Use PostgreSQL at this JDBC URL"
            + " (jdbc:postgresql://host:5432/db) instead of the embedded SQLite store.")
    String dbUrl;

    @Option(names = "--port", description = "HTTP port (0 picks a free one). Default: 8080")
    Integer port;

    @Override
    public Integer call() throws Exception {
        ServerSettings settings;
        try {
            settings = config == null
                    ? ServerSettings.defaults()
                    : ServerSettings.read(config, System.getenv());
        } catch (ConfigException e) {
            System.err.println("weft: invalid configuration " + e.getMessage());
            return ExitCodes.INVALID;
        }
        if (data != null) {
            settings = settings.withDataDir(data);
        }
        if (dbUrl != null) {
            settings = settings.withDbUrl(dbUrl);
        }
        if (port != null) {
            settings = settings.withPort(port);
        }
        Logging.forServer(settings.logFormat());
        WeftServer server = WeftServer.start(settings, System.getenv(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "weft-shutdown"));
        System.err.println("weft server listening on port " + server.port() + " (Ctrl-C stops it)");
        stopped.await();
        return ExitCodes.OK;
    }
}
