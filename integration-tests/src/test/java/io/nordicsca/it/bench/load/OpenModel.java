package io.nordicsca.it.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import io.nordicsca.it.bench.ProcessCpu;

/**
 * Arrivals at a fixed rate, whatever the server does (an open model): login i is due at
 * {@code start + i / rate}, is handed to its own thread then, and its latency runs from that
 * scheduled time to the end of the login, so a slow server cannot hide the queue it causes (a
 * closed loop of N users would simply send less). The driver says when it fell behind its own
 * schedule, so that a late start is never mistaken for the server's time.
 */
final class OpenModel {

    /** A start later than this after its scheduled time counts as the driver falling behind. */
    static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long a step's last logins may take to finish after its window before they count as errors. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(90);

    /** One login; throws when it fails. */
    interface Login {
        void run() throws Exception;
    }

    /**
     * What one step measured. Throughput and CPU are taken over the arrival window (logins that
     * finished in it, CPU ticks spent in it); latencies and errors over every arrival of the step.
     */
    record Step(double offeredPerSecond, double windowSeconds, int arrivals, int succeeded, int failed,
                Map<String, Integer> errors, List<Long> latencies, int finishedInWindow,
                long serverTicks, long driverTicks, long machineTicks,
                long maxStartLagNanos, int lateStarts, int unfinished) {

        double achievedPerSecond() {
            return finishedInWindow / windowSeconds;
        }

        /** Keycloak CPU seconds per login finished in the window. */
        double serverCpuSecondsPerLogin() {
            return finishedInWindow == 0 ? Double.NaN : serverTicks / (double) ProcessCpu.TICKS_PER_SECOND / finishedInWindow;
        }

        /** Cores the Keycloak processes used over the window. */
        double serverCores() {
            return serverTicks / (double) ProcessCpu.TICKS_PER_SECOND / windowSeconds;
        }

        double driverCores() {
            return driverTicks / (double) ProcessCpu.TICKS_PER_SECOND / windowSeconds;
        }

        double machineCores() {
            return machineTicks / (double) ProcessCpu.TICKS_PER_SECOND / windowSeconds;
        }

        /** Logins per second per vCPU the Keycloak processes used: 1 / CPU seconds per login. */
        double loginsPerServerCpuSecond() {
            return 1 / serverCpuSecondsPerLogin();
        }
    }

    private OpenModel() {
    }

    static Step run(double rate, int seconds, Login login, LongSupplier serverTicks) throws InterruptedException {
        int arrivals = (int) Math.round(rate * seconds);
        long interval = Math.round(1e9 / rate);
        long windowNanos = TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "load-login");
            thread.setDaemon(true);
            return thread;
        });
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> errors = Collections.synchronizedMap(new TreeMap<>());
        AtomicInteger succeeded = new AtomicInteger(), failed = new AtomicInteger(), inWindow = new AtomicInteger(), late = new AtomicInteger();
        AtomicLong maxLag = new AtomicLong();
        long self = ProcessHandle.current().pid();

        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long windowEnd = start + windowNanos;
        parkUntil(start);
        long serverBefore = serverTicks.getAsLong(), driverBefore = ProcessCpu.ticks(self), machineBefore = ProcessCpu.machineBusyTicks();
        for (int i = 0; i < arrivals; i++) {
            long scheduled = start + i * interval;
            parkUntil(scheduled);
            threads.execute(() -> {
                long lag = System.nanoTime() - scheduled;
                maxLag.accumulateAndGet(lag, Math::max);
                if (lag > LATE_NANOS) {
                    late.incrementAndGet();
                }
                try {
                    login.run();
                    long end = System.nanoTime();
                    latencies.add(end - scheduled);
                    succeeded.incrementAndGet();
                    if (end <= windowEnd) {
                        inWindow.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failed.incrementAndGet();
                    errors.merge(LoginFailure.kind(e), 1, Integer::sum);
                }
            });
        }
        parkUntil(windowEnd);
        long serverSpent = serverTicks.getAsLong() - serverBefore;
        long driverSpent = ProcessCpu.ticks(self) - driverBefore;
        long machineSpent = ProcessCpu.machineBusyTicks() - machineBefore;
        threads.shutdown();
        int unfinished = 0;
        if (!threads.awaitTermination(DRAIN_NANOS, TimeUnit.NANOSECONDS)) {
            unfinished = threads.shutdownNow().size() + Math.max(0, arrivals - succeeded.get() - failed.get());
            errors.merge("unfinished " + DRAIN_NANOS / 1_000_000_000 + " s after the step", unfinished, Integer::sum);
        }
        return new Step(rate, windowNanos / 1e9, arrivals, succeeded.get(), failed.get() + unfinished, Map.copyOf(errors),
                List.copyOf(latencies), inWindow.get(), serverSpent, driverSpent, machineSpent, maxLag.get(), late.get(), unfinished);
    }

    private static void parkUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
