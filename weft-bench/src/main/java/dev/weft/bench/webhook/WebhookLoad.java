package dev.weft.bench.webhook;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The load generator of the webhook benchmark, run as its own process by {@code scripts/bench-webhook}:
 * closed-loop load on {@code POST /hooks/bench/orders} at each concurrency level, one Markdown table row
 * per level. Also reports the CPU time each watched process (the server, the stub, itself) spent per
 * execution during the measured window, to show where the machine's cores went.
 *
 * <pre>
 * WebhookLoad --url=http://127.0.0.1:8080 --secret=whsec_... [--levels=1,8,32] [--seconds=10]
 *             [--settle-seconds=2] [--warmup-executions=30000] [--warmup-seconds=120]
 *             [--watch=server:PID] [--watch=stub:PID] [--watch=postgres:*]
 * </pre>
 */
public final class WebhookLoad {
    private WebhookLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Long> watched = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("arguments are --name=value, but got '" + arg + "'");
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            if (name.equals("watch")) {
                String[] p = value.split(":", 2);
                watched.put(p[0], p[1].equals("*") ? Cpu.BY_NAME : Long.parseLong(p[1]));
            } else {
                options.put(name, value);
            }
        }
        watched.put("load generator", ProcessHandle.current().pid());
        URI url = URI.create(required(options, "url") + Orders.PATH);
        String secret = required(options, "secret");
        List<Integer> levels = new ArrayList<>();
        for (String c : options.getOrDefault("levels", "1,8,16,32,64,128,256").split(",")) {
            levels.add(Integer.parseInt(c.trim()));
        }
        Duration measure = seconds(options.getOrDefault("seconds", "10"));
        Duration settle = seconds(options.getOrDefault("settle-seconds", "2"));
        Duration warmup = seconds(options.getOrDefault("warmup-seconds", "120"));
        long warmupExecutions = Long.parseLong(options.getOrDefault("warmup-executions", "30000"));

        int most = Math.max(32, levels.stream().mapToInt(Integer::intValue).max().orElse(1));
        LoadClient client = new LoadClient(url, most, Duration.ofSeconds(30));
        LoadLevel load = new LoadLevel(client, new Orders(secret),
                Long.toString(System.currentTimeMillis(), 36));

        // Warm-up, not reported: until the JIT has seen enough executions (C2 compiles for a minute or more
        // at a few hundred executions per second, and would take CPU from the measured levels), capped
        // by time. At a middle concurrency, so that every path is hot.
        long warmed = 0;
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        while (warmed < warmupExecutions && System.nanoTime() < warmupEnd) {
            var w = load.run(32, Duration.ZERO, Duration.ofSeconds(5), Cpu.NONE);
            warmed += w.requests();
            System.err.printf(Locale.ROOT, "warm-up: %,.0f executions/s, %,d in all, %d errors%s%n",
                    w.perSecond(), warmed, w.errors(),
                    w.errorSamples().isEmpty() ? "" : " e.g. " + w.errorSamples().getFirst());
        }

        StringBuilder cpuHeader = new StringBuilder();
        StringBuilder cpuRule = new StringBuilder();
        for (String name : watched.keySet()) {
            cpuHeader.append(" | CPU ms/exec ").append(name);
            cpuRule.append("|---:");
        }
        System.out.println("| concurrency | executions/s | p50 ms | p90 ms | p99 ms | max ms | errors"
                + cpuHeader + " | load avg (1 min) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:" + cpuRule + "|---:|");
        for (int c : levels) {
            Cpu cpu = new Cpu(watched);
            LoadLevel.Result r = load.run(c, settle, measure, cpu);
            Histogram h = r.latencyNanos();
            StringBuilder cpuCells = new StringBuilder();
            for (double ms : cpu.millisPer(r.requests() + r.errors())) {
                cpuCells.append(String.format(Locale.ROOT, " | %.2f", ms));
            }
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %.1f | %.1f | %.1f | %.1f | %d%s | %s |%n", c,
                    r.perSecond(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), r.errors(), cpuCells,
                    loadAverage());
            if (r.errors() > 0) {
                System.err.println("errors at concurrency " + c + ": " + r.errorKinds() + ", e.g.");
                r.errorSamples().forEach(s -> System.err.println("  " + s));
            }
        }
        client.close();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static Duration seconds(String s) {
        return Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    /** The 1-minute load average when the level ended: how busy the (shared) machine was. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** CPU time of the watched processes over the measured window. Thread-safe. */
    static final class Cpu implements LoadLevel.Window {
        static final LoadLevel.Window NONE = new LoadLevel.Window() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };

        /**
         * Watches every process whose executable has the name (e.g. {@code postgres:*}: the database's
         * backends, whose CPU is part of an execution's cost too). Processes that end during the window are
         * not counted.
         */
        static final Long BY_NAME = -1L;

        private final Map<String, Long> pids;
        private final long[] atOpen;
        private final long[] atClose;

        Cpu(Map<String, Long> pids) {
            this.pids = pids;
            this.atOpen = new long[pids.size()];
            this.atClose = new long[pids.size()];
        }

        @Override
        public synchronized void opened() {
            snapshot(atOpen);
        }

        @Override
        public synchronized void closed() {
            snapshot(atClose);
        }

        private void snapshot(long[] into) {
            int i = 0;
            for (var watched : pids.entrySet()) {
                into[i++] = BY_NAME.equals(watched.getValue())
                        ? ProcessHandle.allProcesses().filter(p -> named(p, watched.getKey()))
                                .mapToLong(Cpu::nanos).filter(n -> n >= 0).sum()
                        : ProcessHandle.of(watched.getValue()).map(Cpu::nanos).orElse(-1L);
            }
        }

        private static boolean named(ProcessHandle p, String name) {
            return p.info().command().map(c -> c.endsWith("/" + name)).orElse(false);
        }

        private static long nanos(ProcessHandle p) {
            return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }

        synchronized double[] millisPer(long executions) {
            double[] out = new double[atOpen.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = atOpen[i] < 0 || atClose[i] < 0 || executions == 0
                        ? Double.NaN
                        : (atClose[i] - atOpen[i]) / 1e6 / executions;
            }
            return out;
        }
    }
}
