package dev.weft.bench.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One concurrency level of the closed-loop load: {@code concurrency} virtual threads each send a
 * delivery, wait for its answer, check it, and send the next, over keep-alive connections. Requests that
 * complete during the first {@code settle} are not counted (connections opening, the pipeline filling);
 * those that complete during the {@code measure} window after it are: their latency (send to last byte
 * of the answer) goes into an HdrHistogram, and a wrong answer counts as an error, not as a success.
 *
 * <p>Every delivery is new: its webhook-id names this load, the run (each call of {@link #run}, the
 * warm-up's windows included), the worker and a sequence number. A repeated id would be answered from
 * the first execution's record without running anything, much faster than a real one; so an answer
 * naming an execution this load has already seen counts as an error too. Not thread-safe; run one level
 * at a time.
 */
final class LoadLevel {
    /** Latencies are recorded from 1 µs to 60 s with 3 significant digits. */
    private static final long MAX_NANOS = Duration.ofSeconds(60).toNanos();

    record Result(int concurrency, long requests, double seconds, Histogram latencyNanos, long errors,
            Map<String, Long> errorKinds, List<String> errorSamples) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private final LoadClient client;
    private final Orders orders;
    private final String runId;
    private int runs;
    /** The execution ids answered so far, across runs: a repeated one is a duplicate delivery. */
    private final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();

    LoadLevel(LoadClient client, Orders orders, String runId) {
        this.client = client;
        this.orders = orders;
        this.runId = runId;
    }

    /** What happens when the measured window opens and when it closes (CPU time snapshots, say). */
    interface Window {
        void opened();

        void closed();
    }

    Result run(int concurrency, Duration settle, Duration measure, Window window)
            throws InterruptedException {
        int run = ++runs;
        long start = System.nanoTime();
        long measureFrom = start + settle.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        Thread timer = Thread.ofVirtual().name("load-window").start(() -> {
            try {
                Thread.sleep(Duration.ofNanos(Math.max(0, measureFrom - System.nanoTime())));
                window.opened();
                Thread.sleep(Duration.ofNanos(Math.max(0, measureTo - System.nanoTime())));
                window.closed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Histogram[] histograms = new Histogram[concurrency];
        AtomicLong errors = new AtomicLong();
        Map<String, Long> kinds = new ConcurrentHashMap<>();
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Histogram h = new Histogram(1_000, MAX_NANOS, 3);
            histograms[w] = h;
            String prefix = runId + "-r" + run + "-c" + concurrency + "-w" + w + "-";
            int price = 100 + w % 50;
            workers.add(Thread.ofVirtual().name("load-" + w).start(() -> {
                long seq = 0;
                while (System.nanoTime() < measureTo) {
                    Orders.Order order = new Orders.Order(prefix + seq, 1 + (int) (seq % 9), price);
                    seq++;
                    long sent = System.nanoTime();
                    String problem;
                    try {
                        LoadClient.Answer a = client.post(orders.delivery(order));
                        problem = Orders.problem(order, a.status(), a.executionId(), a.body());
                        if (problem == null && !seen.add(a.executionId())) {
                            problem = "repeated execution " + a.executionId()
                                    + ": answered from an earlier delivery, nothing ran";
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        problem = (e.getCause() != null ? e.getCause() : e).toString();
                    }
                    long done = System.nanoTime();
                    if (done < measureFrom || done > measureTo) {
                        continue;
                    }
                    if (problem == null) {
                        h.recordValue(Math.min(done - sent, MAX_NANOS));
                    } else {
                        errors.incrementAndGet();
                        kinds.merge(kind(problem), 1L, Long::sum);
                        if (samples.size() < 5) {
                            samples.add(problem);
                        }
                    }
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        timer.join();
        Histogram all = new Histogram(1_000, MAX_NANOS, 3);
        for (Histogram h : histograms) {
            all.add(h);
        }
        return new Result(concurrency, all.getTotalCount(), measure.toNanos() / 1e9, all, errors.get(),
                Map.copyOf(kinds), List.copyOf(samples));
    }

    private static String kind(String problem) {
        int colon = problem.indexOf(':');
        return colon < 0 ? problem : problem.substring(0, colon);
    }
}
