package dev.miyu.keys;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Runs one blocking call per input on its own thread, all released at once, to provoke races. */
final class Concurrently {

    private Concurrently() {
    }

    static <T, R> List<R> map(List<T> inputs, Function<T, R> call) {
        ExecutorService threads = Executors.newFixedThreadPool(inputs.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<R>> results = inputs.stream().map(input -> threads.submit(() -> {
                start.await();
                return call.apply(input);
            })).toList();
            start.countDown();
            return results.stream().map(Concurrently::join).toList();
        } finally {
            threads.shutdownNow();
        }
    }

    private static <R> R join(Future<R> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
