package dev.weft.connector.rabbitmq;

import dev.weft.testkit.services.RequiredService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker's own CLI, {@code rabbitmqctl}, to drop one connection from the broker's side (as a broker
 * restart or a network failure would) by its client-provided name. Only connections of the test's own,
 * never other users' of the shared broker. Stateless.
 */
final class BrokerCli {
    static final RequiredService RABBITMQCTL = RequiredService.of("rabbitmqctl (to drop a connection from the"
            + " broker's side)",
            "install RabbitMQ's CLI tools beside the broker and run the tests as a user"
                    + " allowed to use them (root, or one with the broker's Erlang cookie)",
            () -> run("list_connections", "pid"));

    private BrokerCli() {
    }

    /** Closes every connection named {@code name}; fails when there is none. */
    static void closeConnections(String name) throws IOException, InterruptedException {
        // One line per connection: its pid, a tab, and its client properties, which hold
        // {"connection_name","<name>"} (the JSON formatter prints pids close_connection does not take).
        String property = "{\"connection_name\",\"" + name + "\"}";
        List<String> pids = new ArrayList<>();
        for (String line : run("--no-table-headers", "list_connections", "pid", "client_properties")
                .split("\n")) {
            String[] columns = line.split("\t", 2);
            if (columns.length == 2 && columns[1].contains(property)) {
                pids.add(columns[0]);
            }
        }
        if (pids.isEmpty()) {
            throw new AssertionError("the broker has no connection named '" + name + "'");
        }
        for (String pid : pids) {
            run("close_connection", pid, "dropped by a Weft test");
        }
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "--quiet"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
