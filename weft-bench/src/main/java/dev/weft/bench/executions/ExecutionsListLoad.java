package dev.weft.bench.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The executions list at a million executions on PostgreSQL, through the real HTTP API as the UI asks it: a page
 * of 50 for each filter change (flow, status, time window, trigger, id prefix, and combinations) and the next
 * page after it. Loads the rows first ({@link ExecutionRows}) into the schema of a running server
 * (scripts/bench-executions); prints a Markdown table of each answer's time, sequential requests, one client.
 *
 * <pre>
 * WEFT_ADMIN_API_KEY=... ExecutionsListLoad --url=http://127.0.0.1:PORT --jdbc=JDBC_URL --schema=NAME
 *     [--executions=1000000] [--runs=20] [--skip-load]
 * </pre>
 */
public final class ExecutionsListLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TARGET_MS = 200;

    private ExecutionsListLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            o.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        String url = required(o, "--url");
        String jdbc = required(o, "--jdbc");
        String schema = required(o, "--schema");
        int executions = Integer.parseInt(o.getOrDefault("--executions", "1000000"));
        int runs = Integer.parseInt(o.getOrDefault("--runs", "20"));
        String key = System.getenv("WEFT_ADMIN_API_KEY");
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("WEFT_ADMIN_API_KEY must hold the server's admin API key");
        }
        long now = System.currentTimeMillis();
        if (!o.containsKey("--skip-load")) {
            long t0 = System.nanoTime();
            ExecutionRows.load(jdbc, schema, executions, now);
            System.out.printf(Locale.ROOT, "loaded %,d executions with COPY and analyzed in %.1f s%n%n",
                    executions,
                    (System.nanoTime() - t0) / 1e9);
        }
        Samples samples = Samples.read(jdbc, schema);
        Client client = new Client(url, key);

        Instant end = Instant.ofEpochMilli(now);
        String dayAgo = end.minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String tenDaysAgo = end.minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String elevenDaysAgo = end.minus(11, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        List<String[]> scenarios = List.of(
                new String[]{"no filter (newest 50)", ""},
                new String[]{"flow: the busiest (a third of all)", "flow=ns0/flow0"},
                new String[]{"flow: a small one (about 1.3 %)", "flow=ns3/flow7"},
                new String[]{"status=failed (5 %)", "status=failed"},
                new String[]{"status=waiting (0.05 %)", "status=waiting"},
                new String[]{"status=failed,cancelled", "status=failed,cancelled"},
                new String[]{"time: since=1h", "since=1h"},
                new String[]{"time: a day, 10 days ago", "since=" + elevenDaysAgo + "&until=" + tenDaysAgo},
                new String[]{"trigger=webhook (35 %)", "trigger=webhook"},
                new String[]{"trigger=replay (1 %)", "trigger=replay"},
                new String[]{"q: an id's first 8 characters", "q=" + samples.id.substring(0, 8)},
                new String[]{"q: a whole id", "q=" + samples.id},
                new String[]{"q: a delivery id's start", "q=" + samples.deliveryKey.substring(0, 10)},
                new String[]{"q: 4 characters (matches nearly all)", "q=" + samples.id.substring(0, 4)},
                new String[]{"q: no match", "q=zzzz"},
                new String[]{"flow + status=failed + a day",
                        "flow=ns3/flow7&status=failed&since=" + elevenDaysAgo
                                + "&until=" + tenDaysAgo},
                new String[]{"trigger=schedule + status=failed + since=1d",
                        "trigger=schedule&status=failed&since="
                                + dayAgo},
                new String[]{"status=waiting + trigger=webhook", "status=waiting&trigger=webhook"},
                new String[]{"flow (small) + trigger=replay", "flow=ns3/flow7&trigger=replay"},
                new String[]{"flow (busiest) + status=failed + trigger=replay",
                        "flow=ns0/flow0&status=failed&trigger=replay"},
                new String[]{"q: 6 characters + status=failed",
                        "q=" + samples.id.substring(0, 6) + "&status=failed"});

        System.out.printf(Locale.ROOT, "%d timed requests per line after 3 not counted; limit=50; one client,"
                + " sequential; time to the whole answer read%n%n", runs);
        System.out.println(
                "| filter | rows | first page median ms | p95 | max | next page median ms | p95 | max |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        boolean met = true;
        for (String[] s : scenarios) {
            String query = "limit=50" + (s[1].isEmpty() ? "" : "&" + s[1]);
            JsonNode first = client.get(query);
            int rows = first.get("executions").size();
            double[] page1 = client.time(query, runs);
            String cursor = first.get("nextCursor").isNull() ? null : first.get("nextCursor").asText();
            double[] page2 = cursor == null ? null : client.time(query + "&cursor=" + cursor, runs);
            met &= page1[2] <= TARGET_MS && (page2 == null || page2[2] <= TARGET_MS);
            System.out.printf(Locale.ROOT, "| %s | %d%s | %.1f | %.1f | %.1f | %s |%n", s[0], rows,
                    cursor == null ? "" : "+", page1[0], page1[1], page1[2],
                    page2 == null
                            ? "— | — | —"
                            : String.format(Locale.ROOT, "%.1f | %.1f | %.1f", page2[0], page2[1], page2[2]));
        }
        double[] deep = client.deep("limit=50&status=failed", 20);
        System.out.printf(Locale.ROOT,
                "%nthe 20th page of status=failed, each page from the cursor of the one"
                        + " before: median %.1f ms, max %.1f ms%n",
                deep[0], deep[2]);
        met &= deep[2] <= TARGET_MS;
        System.out.println(met ? "every answer within 200 ms" : "SOME ANSWER TOOK MORE THAN 200 ms");
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + "= is required");
        }
        return v;
    }

    /** Values to search for, read from the loaded rows. */
    private record Samples(String id, String deliveryKey) {
        static Samples read(String jdbc, String schema) throws Exception {
            try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
                String id;
                try (ResultSet rs = s
                        .executeQuery("SELECT id FROM executions ORDER BY created_at DESC, id DESC"
                                + " OFFSET 123457 LIMIT 1")) {
                    rs.next();
                    id = rs.getString(1);
                }
                try (ResultSet rs = s
                        .executeQuery("SELECT trigger_key FROM executions WHERE tenant_id = 'default'"
                                + " AND trigger_type = 'webhook' ORDER BY created_at LIMIT 1 OFFSET 5000")) {
                    rs.next();
                    return new Samples(id, rs.getString(1));
                }
            }
        }
    }

    private static final class Client {
        private final HttpClient http = HttpClient.newHttpClient();
        private final String url;
        private final String key;

        Client(String url, String key) {
            this.url = url;
            this.key = key;
        }

        JsonNode get(String query) throws Exception {
            HttpResponse<String> r = send(query);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET /api/v1/executions?" + query + " answered " + r.statusCode()
                                + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }

        private HttpResponse<String> send(String query) throws Exception {
            String encoded = encode(query);
            return http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/executions?" + encoded))
                    .header("Authorization", "Bearer " + key).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Median, 95th percentile and maximum of {@code runs} timed requests, after 3 untimed. */
        double[] time(String query, int runs) throws Exception {
            for (int i = 0; i < 3; i++) {
                get(query);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = send(query);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(query + " answered " + r.statusCode() + ": " + r.body());
                }
            }
            return stats(ms);
        }

        /** Walks {@code pages} pages from the first; the times of each page after the first. */
        double[] deep(String query, int pages) throws Exception {
            List<Double> ms = new ArrayList<>();
            JsonNode page = get(query);
            for (int p = 1; p < pages && !page.get("nextCursor").isNull(); p++) {
                String next = query + "&cursor=" + page.get("nextCursor").asText();
                long t0 = System.nanoTime();
                page = get(next);
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            return stats(ms.stream().mapToDouble(Double::doubleValue).toArray());
        }

        private static String encode(String query) {
            StringBuilder out = new StringBuilder();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (out.length() > 0) {
                    out.append('&');
                }
                out.append(pair, 0, eq + 1)
                        .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return out.toString();
        }

        private static double[] stats(double[] ms) {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            return new double[]{sorted[sorted.length / 2],
                    sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)],
                    sorted[sorted.length - 1]};
        }
    }
}
