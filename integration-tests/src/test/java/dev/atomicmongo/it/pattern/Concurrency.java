package dev.atomicmongo.it.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a task on many threads that all start together, released by one latch. */
public final class Concurrency {
    private Concurrency() {
    }

    /** A task given the index of its thread. */
    @FunctionalInterface
    public interface Task {
        void run(int thread) throws Exception;
    }

    /**
     * Starts {@code threads} threads, waits until all are ready, opens the start latch, and waits
     * for all to finish; the first failure is rethrown.
     */
    public static void run(int threads, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                int thread = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    task.run(thread);
                    return null;
                }));
            }
            ready.await();
            start.countDown();
            for (Future<?> future : futures) {
                try {
                    future.get(5, TimeUnit.MINUTES); // a safety net against a hung build, not a timing assertion
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
