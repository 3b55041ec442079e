package dev.weft.cli;

import dev.weft.server.WeftServer;
import dev.weft.server.config.ServerSettings;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft server}: the REST API, inbound webhooks, health and metrics, until stopped (SIGTERM or
 * Ctrl-C stop it gracefully).
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = {
        "Run the Weft server: REST API under /api/v1, webhooks under /hooks, /health, /ready, /metrics.",
        "Starting continues every unfinished execution in the store. Options given here override the"
                + " configuration file; every option is described in docs/configuration.md."})
final class ServerCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--port", description = "HTTP port (0 picks a free one). Default: 8080")
    Integer port;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> environment = Weft.environment(spec);
        var configured = store.settingsOrReport(environment);
        if (configured.isEmpty()) {
            return ExitCodes.INVALID;
        }
        ServerSettings settings = configured.get();
        if (port != null) {
            settings = settings.withPort(port);
        }
        Logging.forServer(settings.logFormat());
        WeftServer server = WeftServer.start(settings, environment, Clock.systemUTC());
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
