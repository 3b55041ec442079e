package dev.weft.bench.executions;

import java.io.IOException;
import java.io.Reader;
import java.nio.CharBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Writes a million finished executions straight into a migrated store's {@code executions} table with COPY:
 * what a busy tenant leaves behind over {@link #DAYS} days, so that listing them is measured against a full
 * table. Rows are made as the engine writes them (UUIDv7 ids from the creation time, epoch milliseconds,
 * the trigger's JSON and its kind and key), from a fixed seed.
 */
final class ExecutionRows {
    static final int DAYS = 30;
    static final String TENANT = "default";
    /** 5 namespaces of 10 flows; the first flow takes a third of the executions, the rest share the remainder. */
    static final int NAMESPACES = 5;
    static final int FLOWS_PER_NAMESPACE = 10;

    private ExecutionRows() {
    }

    /** The flow of row {@code i}'s random draw: {@code namespace/id}. */
    static String flow(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return "ns0/flow0";
        }
        int f = random.nextInt(NAMESPACES * FLOWS_PER_NAMESPACE);
        return "ns" + f / FLOWS_PER_NAMESPACE + "/flow" + f % FLOWS_PER_NAMESPACE;
    }

    /** Loads {@code count} executions created over the {@link #DAYS} days before {@code nowMillis}. */
    static void load(String jdbcUrl, String schema, int count, long nowMillis)
            throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
            }
            String columns = "tenant_id, id, namespace, flow_id, flow_version, status, input, output, error,"
                    + " created_at, updated_at, finished_at, due_at, lease_owner, lease_until, lease_version,"
                    + " parent_id, parent_step_path, trigger, trigger_type, trigger_key";
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY executions (" + columns + ") FROM STDIN", new Rows(count, nowMillis));
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE executions");
            }
        }
    }

    /** The rows as COPY's text format, made as they are read. */
    private static final class Rows extends Reader {
        private final int count;
        private final long start;
        private final long step;
        private final SplittableRandom random = new SplittableRandom(17);
        private final StringBuilder line = new StringBuilder(512);
        private int next;
        private CharBuffer pending = CharBuffer.allocate(0);

        Rows(int count, long nowMillis) {
            this.count = count;
            this.start = nowMillis - DAYS * 86_400_000L;
            this.step = Math.max(1, DAYS * 86_400_000L / count);
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (!pending.hasRemaining()) {
                if (next >= count) {
                    return -1;
                }
                pending = CharBuffer.wrap(row(next++));
            }
            int n = Math.min(length, pending.remaining());
            pending.get(buffer, offset, n);
            return n;
        }

        private CharSequence row(int i) {
            long created = start + i * step + random.nextLong(step);
            String id = uuidV7(created, random);
            String flow = flow(random);
            int slash = flow.indexOf('/');
            int roll = random.nextInt(10_000);
            // 90 % succeeded, 5 % failed, 4.95 % cancelled, 0.05 % waiting for a signal (no due time: no worker
            // claims them).
            String status = roll < 9_000
                    ? "succeeded"
                    : roll < 9_500 ? "failed" : roll < 9_995 ? "cancelled" : "waiting";
            int kindRoll = random.nextInt(100);
            String kind;
            String key = null;
            String trigger;
            if (kindRoll < 40) {
                kind = "manual";
                trigger = "{\"type\":\"manual\"}";
            } else if (kindRoll < 75) {
                kind = "webhook";
                key = "dlv_" + Long.toHexString(random.nextLong());
                trigger = "{\"type\":\"webhook\",\"path\":\"orders\",\"mode\":\"async\",\"deliveryId\":\""
                        + key
                        + "\",\"body\":{\"order\":" + i + "},\"headers\":{},\"query\":{}}";
            } else if (kindRoll < 95) {
                kind = "schedule";
                trigger = "{\"type\":\"schedule\",\"key\":\"every-5m\",\"slot\":\"" + java.time.Instant
                        .ofEpochMilli(created) + "\"}";
            } else if (kindRoll < 98) {
                kind = "flow";
                key = uuidV7(created - 1_000, random);
                trigger = "{\"type\":\"flow\",\"flow\":\"ns1/flow1\",\"executionId\":\"" + key
                        + "\",\"status\":\"succeeded\"}";
            } else if (kindRoll < 99) {
                kind = "replay";
                key = uuidV7(created - 3_600_000, random);
                trigger = "{\"type\":\"manual\",\"replayOf\":\"" + key + "\",\"replayFrom\":\"charge\"}";
            } else {
                kind = "subflow";
                key = uuidV7(created - 10, random);
                trigger = null;
            }
            long finished = created + 50 + random.nextInt(5_000);
            boolean ended = !status.equals("waiting");
            String error = status.equals("failed")
                    ? "{\"code\":\"http.502\",\"message\":\"the target answered 502\",\"step\":\"charge\"}"
                    : null;
            String output = status.equals("succeeded") ? "{\"ok\":true,\"order\":" + i + "}" : null;
            line.setLength(0);
            field(TENANT).field(id).field(flow.substring(0, slash)).field(flow.substring(slash + 1))
                    .field(Integer.toString(1 + random.nextInt(3))).field(status)
                    .field("{\"order\":" + i + ",\"customer\":\"c-" + random.nextInt(100_000) + "\"}")
                    .field(output).field(error).field(Long.toString(created))
                    .field(Long.toString(ended ? finished : created + 20))
                    .field(ended ? Long.toString(finished) : null).field(null).field(null).field(null)
                    .field("1").field(kind.equals("subflow") ? key : null)
                    .field(kind.equals("subflow") ? "call-child" : null).field(trigger).field(kind);
            line.append(key == null ? "\\N" : key).append('\n');
            return line;
        }

        private Rows field(String value) {
            // No value holds a tab, newline or backslash, so none needs escaping in COPY's text format.
            line.append(value == null ? "\\N" : value).append('\t');
            return this;
        }

        @Override
        public void close() {
        }
    }

    /** A version 7 UUID for {@code millis}, as the engine makes them (dev.weft.engine.internal.Ids). */
    static String uuidV7(long millis, SplittableRandom random) {
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000 | random.nextInt(0x1000);
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
