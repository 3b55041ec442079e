package dev.weft.bench.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Connector;
import dev.weft.connector.Credential;
import dev.weft.engine.blob.BlobSettings;
import dev.weft.engine.blob.StoredBlobs;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.Storage;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.Gateways;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.store.jdbc.Storages;
import dev.weft.sync.SyncService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Rows per second of a first sync, PostgreSQL to MariaDB, beside plain JDBC in the same run: a PostgreSQL
 * table of {@code rows} customers is made with generate_series; then MariaDB gets the same rows by a raw
 * batch insert of rows made in memory, by a raw copy (cursor read, batch insert), and by a one-way sync job
 * ({@code left_to_right}, {@code changes: {cursor: updated_at}}) run through {@link SyncService} on an
 * SQLite store, the SQL connectors reached through the gateway, as the product runs it; once per batch size.
 * Each target's row count and checksum must equal the source's. A first sync of a table of 100,000 rows runs
 * before (warm-up, not reported). The tables are dropped at the end.
 *
 * <pre>
 * scripts/bench-sync [--rows=1000000] [--raw-batch=1000] [batch-size,...]
 * </pre>
 */
public final class SyncLoad {
    private static final String TENANT = ExecutionStore.DEFAULT_TENANT;

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int rawBatch = 1000;
        List<Integer> batchSizes = new ArrayList<>(List.of(1000, 5000, 10_000));
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--rows=")) {
                rows = Integer.parseInt(value);
            } else if (arg.startsWith("--raw-batch=")) {
                rawBatch = Integer.parseInt(value);
            } else if (arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + arg);
            } else {
                batchSizes = new ArrayList<>();
                for (String b : arg.split(",")) {
                    batchSizes.add(Integer.parseInt(b.trim()));
                }
            }
        }
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String source = "bench_sync_src_" + suffix;
        String target = "bench_sync_dst_" + suffix;
        String warmup = "bench_sync_warm_" + suffix;
        int warmupRows = Math.min(rows, 100_000);
        Path dir = Files.createTempDirectory("weft-bench-sync");
        try (Connection pg = SyncTables.postgres(); Connection maria = SyncTables.mariadb("")) {
            try {
                System.out.printf(Locale.ROOT, "Java %s, %d cores; PostgreSQL %s -> MariaDB %s; %,d rows%n%n",
                        Runtime.version(), Runtime.getRuntime().availableProcessors(),
                        pg.getMetaData().getDatabaseProductVersion(),
                        maria.getMetaData().getDatabaseProductVersion(), rows);
                long made = System.nanoTime();
                SyncTables.createSource(pg, source, rows);
                SyncTables.createSource(pg, warmup, warmupRows);
                SyncTables.Checksum expected = SyncTables.postgresChecksum(pg, source);
                System.out.printf(Locale.ROOT, "source made in %.1f s: %s%n%n",
                        (System.nanoTime() - made) / 1e9,
                        expected);
                System.out.println("| line | batch | seconds | rows/s | target checksum equal |");
                System.out.println("|---|---:|---:|---:|---|");
                SyncTables.createTarget(maria, target);
                double s = RawJdbc.insert(maria, target, rows, rawBatch);
                line("raw JDBC insert (rows made in memory)", rawBatch, rows, s, maria, target, expected);
                SyncTables.createTarget(maria, target);
                s = RawJdbc.copy(pg, source, maria, target, rawBatch);
                line("raw JDBC copy (PostgreSQL cursor -> MariaDB)", rawBatch, rows, s, maria, target,
                        expected);
                // Warm-up (JIT, pools), not reported: a first sync of a smaller table.
                SyncTables.createTarget(maria, target);
                sync(dir.resolve("store-warmup"), warmup, target, batchSizes.getFirst(), warmupRows);
                for (int i = 0; i < batchSizes.size(); i++) {
                    SyncTables.createTarget(maria, target);
                    s = sync(dir.resolve("store-" + i), source, target, batchSizes.get(i), rows);
                    line("sync through SyncService", batchSizes.get(i), rows, s, maria, target, expected);
                }
            } finally {
                SyncTables.sql(pg, "DROP TABLE IF EXISTS " + source, "DROP TABLE IF EXISTS " + warmup);
                SyncTables.sql(maria, "DROP TABLE IF EXISTS " + target);
                delete(dir);
            }
        }
    }

    private static void line(String what, int batch, int rows, double seconds, Connection maria,
            String target,
            SyncTables.Checksum expected) throws Exception {
        SyncTables.Checksum got = SyncTables.mariadbChecksum(maria, target);
        System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %s |%n", what, batch, seconds,
                rows / seconds,
                got.equals(expected) ? "yes" : "NO: " + got);
        if (!got.equals(expected)) {
            throw new IllegalStateException(what + ": the target holds " + got + ", the source " + expected);
        }
    }

    /** A first sync of the whole source on a new SQLite store; returns the seconds from runNow to its end. */
    private static double sync(Path store, String source, String target, int batch, int rows)
            throws Exception {
        Clock clock = Clock.systemUTC();
        try (Storage storage = Storages.open(store.toString())) {
            storage.systems().putSystem(TENANT, "crm", "postgres", config(5432), "crm-login",
                    JsonNodeFactory.instance.objectNode(), clock.instant());
            storage.systems().putSystem(TENANT, "erp", "mariadb", config(3306), "erp-login",
                    JsonNodeFactory.instance.objectNode(), clock.instant());
            StoredBlobs blobs = StoredBlobs.of(storage.blobs(), TENANT,
                    BlobSettings.spoolingIn(store.resolve("spool")),
                    clock);
            try (Gateway gateway = Gateway.of(sqlConnectors(), storage.systems(), logins(),
                    EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "bench")), clock, TENANT, blobs,
                    CallObserver.NONE);
                    SyncService sync = SyncService.withoutRunner(storage.sync(), Gateways.only(gateway),
                            storage.systems(), clock)) {
                sync.deploy(TENANT, "customers.yaml", job(source, target, batch));
                long start = System.nanoTime();
                sync.runNow(TENANT, "customers");
                SyncRun run = sync.runDue().orElseThrow(() -> new IllegalStateException("no run was due"));
                double seconds = (System.nanoTime() - start) / 1e9;
                long links = storage.sync().linkCount(TENANT, "customers");
                if (run.status() != SyncRunStatus.SUCCEEDED || run.counts().created() != rows
                        || links != rows) {
                    throw new IllegalStateException("the sync run ended " + run.status() + " (" + run.error()
                            + ") with " + run.counts() + " and " + links + " links, for " + rows + " rows");
                }
                return seconds;
            }
        }
    }

    static String job(String source, String target, int batch) {
        return """
                kind: sync
                id: customers
                left: {system: crm, type: %s, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: %s, key: [id]}
                direction: left_to_right
                batchSize: %d
                mapping:
                  toRight: {id: "{{ id }}", first_name: "{{ first_name }}", last_name: "{{ last_name }}",
                    email: "{{ email }}", phone: "{{ phone }}", city: "{{ city }}", country: "{{ country }}",
                    credit_limit: "{{ credit_limit }}"}
                """.formatted(source, target, batch);
    }

    private static ObjectNode config(int port) {
        return JsonNodeFactory.instance.objectNode().put("host", "127.0.0.1").put("port", port)
                .put("database", "test");
    }

    /** The postgres and mariadb connectors, found as the server finds connectors. */
    private static List<Connector> sqlConnectors() {
        return ServiceLoader.load(Connector.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> List.of("postgres", "mariadb").contains(c.spec().id())).toList();
    }

    private static CredentialSource logins() {
        return new CredentialSource() {
            @Override
            public Optional<Credential> credential(String tenantId, String name) {
                return switch (name) {
                    case "crm-login" -> Optional.of(new Credential.Basic("postgres", ""));
                    case "erp-login" -> Optional.of(new Credential.Basic("root", ""));
                    default -> Optional.empty();
                };
            }

            @Override
            public boolean storeRotatedRefreshToken(String tenantId, String name, String previous,
                    String token) {
                return false;
            }
        };
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
