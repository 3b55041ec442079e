package dev.weft.bench;

import dev.weft.engine.store.ExecutionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the engine benchmarks and prints a Markdown table for docs/BENCHMARKS.md. With
 * {@code --db-url=jdbc:postgresql://...} the executions run on PostgreSQL, each level in a schema of its
 * own, instead of SQLite.
 *
 * <pre>
 * scripts/bench [--db-url=URL] [executions-per-level] [concurrency,...]
 * </pre>
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        String dbUrl = null;
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--db-url=")) {
                dbUrl = arg.substring("--db-url=".length());
            } else {
                positional.add(arg);
            }
        }
        int executions = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 20_000;
        List<Integer> levels = new ArrayList<>();
        for (String c : (positional.size() > 1 ? positional.get(1) : "1,16,64,256,1024").split(",")) {
            levels.add(Integer.parseInt(c.trim()));
        }
        Path root = Files.createTempDirectory("weft-bench");
        BenchStores stores = new BenchStores(root, dbUrl);
        System.out.printf(Locale.ROOT, "Java %s, %d cores, data: %s%n%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), stores.describe());

        if (stores.sqlite()) {
            var ceiling = SqliteCommitCeiling.run(root.resolve("ceiling"), 3);
            System.out.printf(Locale.ROOT,
                    "SQLite raw ceiling (WAL, synchronous=FULL): %,.0f single-row commits/s; "
                            + "%,.0f rows/s in 100-row transactions%n%n",
                    ceiling.singleRowCommitsPerSecond(),
                    ceiling.batchedRowsPerSecond());
        }

        // Warm-up (JIT), not reported.
        run(stores, "warmup", Math.min(executions, 5_000), 256);

        System.out.println("| concurrency | executions | seconds | executions/s | step transitions/s"
                + " | transitions per commit | failed |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        int i = 0;
        for (int c : levels) {
            var r = run(stores, "run-" + i++, c == 1
                    ? Math.min(executions, 2_000)
                    : executions, c);
            System.out.printf(Locale.ROOT, "| %d | %,d | %.2f | %,.0f | %,.0f | %.1f | %d |%n",
                    r.concurrency(),
                    r.executions(), r.seconds(), r.executionsPerSecond(), r.transitionsPerSecond(),
                    r.transitionsPerTransaction(), r.failed());
        }
    }

    private static TransformFlowBench.Result run(BenchStores stores, String run, int executions,
            int concurrency) throws Exception {
        try (ExecutionStore store = stores.open(run)) {
            return TransformFlowBench.run(store, executions, concurrency);
        } finally {
            stores.drop(run);
        }
    }
}
