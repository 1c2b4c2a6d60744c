package io.nordicsca.it.bench;

import java.util.List;

/** Nearest-rank percentiles of timings in nanoseconds, reported in milliseconds. */
public final class Percentiles {

    private Percentiles() {
    }

    public static double ms(List<Long> nanos, int percentile) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
