package dev.weft.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the engine benchmarks and prints a Markdown table for docs/BENCHMARKS.md.
 *
 * <pre>
 * scripts/bench [executions-per-level] [concurrency,...]
 * </pre>
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        int executions = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<Integer> levels = new ArrayList<>();
        for (String c : (args.length > 1 ? args[1] : "1,16,64,256,1024").split(",")) {
            levels.add(Integer.parseInt(c.trim()));
        }
        Path root = Files.createTempDirectory("weft-bench");
        System.out.printf(Locale.ROOT, "Java %s, %d cores, data in %s%n%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), root);

        var ceiling = SqliteCommitCeiling.run(root.resolve("ceiling"), 3);
        System.out.printf(Locale.ROOT,
                "SQLite raw ceiling (WAL, synchronous=FULL): %,.0f single-row commits/s; "
                        + "%,.0f rows/s in 100-row transactions%n%n",
                ceiling.singleRowCommitsPerSecond(),
                ceiling.batchedRowsPerSecond());

        // Warm-up (JIT), not reported.
        TransformFlowBench.run(root.resolve("warmup"), Math.min(executions, 5_000), 256);

        System.out.println("| concurrency | executions | seconds | executions/s | step transitions/s"
                + " | transitions per commit | failed |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        int i = 0;
        for (int c : levels) {
            var r = TransformFlowBench.run(root.resolve("run-" + i++), c == 1
                    ? Math.min(executions, 2_000)
                    : executions, c);
            System.out.printf(Locale.ROOT, "| %d | %,d | %.2f | %,.0f | %,.0f | %.1f | %d |%n",
                    r.concurrency(),
                    r.executions(), r.seconds(), r.executionsPerSecond(), r.transitionsPerSecond(),
                    r.transitionsPerTransaction(), r.failed());
        }
    }
}
