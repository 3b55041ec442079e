package dev.weft.testkit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs the same kind of call on several threads released at once, for races on a compare-and-set. */
final class Concurrently {

    private Concurrently() {
    }

    /** Calls {@code call.apply(i)} for i in 0..threads-1, each on a thread of its own, and their results. */
    static <T> List<T> run(int threads, IntFunction<Callable<T>> call) {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> task = call.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the racing calls", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a racing call failed", e.getCause());
        }
    }
}
