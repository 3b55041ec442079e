package dev.weft.bench.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The gateway's end-to-end overhead (docs/BENCHMARKS.md, issue 4): the same POST to a local stub, sent
 * directly and through {@code POST /api/v1/systems/{id}/operations/http.request} of a real {@code weft
 * server} (whose system has the circuit breaker, retry and rate limiter on), closed loop at each
 * concurrency level, the two alternating. Every answer is checked (status 200 and the stub's body, inside
 * the operation's output for the gateway); anything else is an error. Prints one Markdown row per level.
 * Run by {@code scripts/bench-gateway}.
 */
public final class GatewayLoad {
    private static final long MAX_NANOS = Duration.ofSeconds(60).toNanos();

    private final HttpClient jetty;

    private GatewayLoad(int connections) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("gateway-load");
        jetty = new HttpClient();
        jetty.setExecutor(threads);
        jetty.setMaxConnectionsPerDestination(connections);
        jetty.setMaxRequestsQueuedPerDestination(connections * 2);
        jetty.setFollowRedirects(false);
        jetty.setUserAgentField(null);
        jetty.start();
        jetty.getProtocolHandlers().clear();
        jetty.getContentDecoderFactories().clear();
    }

    /** One way of sending an order: where, with which headers and body, and how to recognise success. */
    private record Route(URI target, Map<String, String> headers, boolean throughGateway) {
        byte[] body(String order) {
            String inner = "{\"order\":\"" + order + "\",\"qty\":1}";
            String text = throughGateway
                    ? "{\"method\":\"POST\",\"path\":\"/orders\",\"body\":" + inner + "}"
                    : inner;
            return text.getBytes(StandardCharsets.UTF_8);
        }

        boolean ok(ContentResponse r, String order) {
            String body = r.getContentAsString();
            return r.getStatus() == 200 && body.contains("\"stub\":\"ok\"") && body.contains(order);
        }
    }

    private record Result(double perSecond, Histogram latency, long errors) {
    }

    private Result run(Route route, int concurrency, Duration settle, Duration measure, String prefix)
            throws InterruptedException {
        long from = System.nanoTime() + settle.toNanos();
        long to = from + measure.toNanos();
        Histogram[] histograms = new Histogram[concurrency];
        AtomicLong errors = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Histogram h = new Histogram(1_000, MAX_NANOS, 3);
            histograms[w] = h;
            String worker = prefix + "-w" + w + "-";
            workers.add(Thread.ofVirtual().start(() -> {
                for (long seq = 0; System.nanoTime() < to; seq++) {
                    String order = worker + seq;
                    long sent = System.nanoTime();
                    boolean ok;
                    try {
                        ContentResponse r = jetty.POST(route.target())
                                .headers(hs -> route.headers().forEach(hs::put))
                                .body(new BytesRequestContent("application/json", route.body(order)))
                                .timeout(30, TimeUnit.SECONDS).send();
                        ok = route.ok(r, order);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        ok = false;
                    }
                    long done = System.nanoTime();
                    if (done >= from && done <= to) {
                        if (ok) {
                            h.recordValue(Math.min(done - sent, MAX_NANOS));
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        Histogram all = new Histogram(1_000, MAX_NANOS, 3);
        for (Histogram h : histograms) {
            all.add(h);
        }
        return new Result(all.getTotalCount() / (measure.toNanos() / 1e9), all, errors.get());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            o.put(a.substring(2, eq), a.substring(eq + 1));
        }
        URI stub = URI.create(o.get("stub") + "/orders");
        URI gateway = URI
                .create(o.get("server") + "/api/v1/systems/" + o.get("system") + "/operations/http.request");
        Duration measure = Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "10")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup-seconds", "30")));
        List<Integer> levels = new ArrayList<>();
        for (String l : o.getOrDefault("levels", "1,8,32").split(",")) {
            levels.add(Integer.parseInt(l.strip()));
        }
        int most = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        Route direct = new Route(stub, Map.of(), false);
        Route through = new Route(gateway, Map.of("Authorization", "Bearer " + o.get("key")), true);
        GatewayLoad load = new GatewayLoad(Math.max(most, 16));
        String run = Long.toString(System.currentTimeMillis(), 36);
        // Warm-up, not reported: both routes, so that every JVM has compiled its hot paths.
        for (int i = 0; i < 2; i++) {
            load.run(direct, 16, Duration.ZERO, warmup.dividedBy(4), run + "-wd" + i);
            load.run(through, 16, Duration.ZERO, warmup.dividedBy(4), run + "-wg" + i);
        }
        System.out.println("| concurrency | direct req/s | direct p50 ms | direct p99 ms | gateway req/s |"
                + " gateway p50 ms | gateway p99 ms | added p50 ms | added p99 ms | throughput ratio | errors |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int c : levels) {
            Result d = load.run(direct, c, Duration.ofSeconds(2), measure, run + "-d" + c);
            Result g = load.run(through, c, Duration.ofSeconds(2), measure, run + "-g" + c);
            long dp50 = d.latency().getValueAtPercentile(50);
            long dp99 = d.latency().getValueAtPercentile(99);
            long gp50 = g.latency().getValueAtPercentile(50);
            long gp99 = g.latency().getValueAtPercentile(99);
            System.out.printf(Locale.ROOT,
                    "| %d | %,.0f | %.3f | %.3f | %,.0f | %.3f | %.3f | %.3f | %.3f | %.2f | %d |%n",
                    c, d.perSecond(), ms(dp50), ms(dp99), g.perSecond(), ms(gp50), ms(gp99), ms(gp50 - dp50),
                    ms(gp99 - dp99), g.perSecond() / d.perSecond(), d.errors() + g.errors());
        }
        load.jetty.stop();
    }
}
