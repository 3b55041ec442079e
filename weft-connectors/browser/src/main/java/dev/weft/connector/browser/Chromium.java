package dev.weft.connector.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One headless Chromium process with a profile of its own (a new temporary directory, deleted when it
 * ends), reached over the DevTools protocol on a loopback port it chose itself. Started so that nothing it
 * loads can reach the network except through the platform: every host name resolves to nothing and every
 * connection is sent to a proxy that does not exist; requests are fulfilled by {@link Interceptor} instead.
 * {@link #close()}, which any thread may call, ends the process and its children and deletes the profile.
 */
final class Chromium implements AutoCloseable {
    /**
     * A proxy that cannot exist: its name is in {@code .invalid} (RFC 6761), which no resolver answers, and the
     * host resolver rules refuse every name anyway. Each of the two alone stops every connection, loopback
     * and IP literals included (docs/design/browser.md).
     */
    static final String DEAD_PROXY = "http://weft-no-proxy.invalid:1";

    private final Process process;
    private final Path profile;
    private final Cdp cdp;
    private final int devToolsPort;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Chromium(Process process, Path profile, Cdp cdp, int devToolsPort) {
        this.process = process;
        this.profile = profile;
        this.cdp = cdp;
        this.devToolsPort = devToolsPort;
    }

    /** The command line: the executable, the isolation flags, then {@code about:blank}. */
    static List<String> command(String executable, Path profile, int width, int height, boolean root) {
        List<String> command = new ArrayList<>(List.of(executable,
                "--headless", "--disable-gpu", "--disable-crash-reporter", "--disable-breakpad",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-default-browser-check", "--disable-extensions", "--disable-default-apps",
                "--disable-client-side-phishing-detection", "--disable-domain-reliability",
                "--metrics-recording-only", "--mute-audio", "--hide-scrollbars", "--password-store=basic",
                // Nothing reaches the network on its own: no name resolves, every connection goes to a dead
                // proxy (loopback included, which Chromium otherwise never proxies), and WebRTC sends no UDP.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=" + DEAD_PROXY, "--proxy-bypass-list=<-loopback>",
                "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
                "--webrtc-ip-handling-policy=disable_non_proxied_udp",
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height));
        if (root) {
            // Chromium refuses to start its sandbox as root; as any other user it keeps it.
            command.add("--no-sandbox");
        }
        command.add("about:blank");
        return command;
    }

    /**
     * Starts Chromium and connects to it.
     *
     * @throws IOException when it does not start, or does not open its DevTools port by {@code deadline}
     */
    static Chromium start(String executable, int width, int height, Instant deadline) throws IOException {
        Path profile = Files.createTempDirectory("weft-browser-");
        Process process = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(command(executable, profile, width, height, root()))
                    .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile());
            // Whatever Chromium writes outside --user-data-dir (~/.config, ~/.cache, crash dumps) goes into the
            // run's profile too, deleted with it, never into a home shared by runs.
            for (String variable : List.of("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")) {
                builder.environment().put(variable, profile.toString());
            }
            process = builder.start();
            URI endpoint = endpoint(process, profile, deadline);
            Cdp cdp = Cdp.connect(endpoint, Duration.between(Instant.now(), deadline).plusMillis(1));
            return new Chromium(process, profile, cdp, endpoint.getPort());
        } catch (IOException | RuntimeException e) {
            end(process);
            delete(profile);
            throw e;
        }
    }

    /** Whether this JVM runs as root (uid 0): the owner of {@code /proc/self} is the process's user. */
    static boolean root() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException
                | SecurityException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * The browser's DevTools endpoint, from the {@code DevToolsActivePort} file Chromium writes in its
     * profile once it listens (the port on the first line, the browser's path on the second).
     */
    private static URI endpoint(Process process, Path profile, Instant deadline) throws IOException {
        Path file = profile.resolve("DevToolsActivePort");
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && lines.get(0).matches("\\d+") && lines.get(1).startsWith("/")) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0) + lines.get(1));
                }
            }
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with status " + process.exitValue()
                        + " before it opened its DevTools port: " + tail(profile));
            }
            try {
                // Chromium writes the file once; there is no event to wait on but the file itself.
                process.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while Chromium started", e);
            }
        }
        throw new IOException("Chromium did not open its DevTools port in time: " + tail(profile));
    }

    private static String tail(Path profile) {
        try {
            List<String> lines = Files.readAllLines(profile.resolve("chromium.log"), StandardCharsets.UTF_8)
                    .stream().filter(l -> !l.contains("dbus")).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    Cdp cdp() {
        return cdp;
    }

    /** The loopback port of Chromium's DevTools endpoint, which no page may reach. */
    int devToolsPort() {
        return devToolsPort;
    }

    /** Whether the process still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** Ends Chromium once, whichever thread asks first (the run's, or a cancellation's); later calls return. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cdp.close();
        end(process);
        delete(profile);
    }

    /** Ends the process and every process it started (renderers, the GPU and network services). */
    private static void end(Process process) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a profile left behind holds no secret of ours (nothing is stored on disk but caches)
        }
    }
}
