package io.nordicsca.it.bench.load;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The customers of one flow. A customer signs in at most once at a time (Keycloak's brute-force
 * protector and our guess budgets would rightly refuse a second sign-in in flight, and a code
 * card's pending position is shared by them); least recently used first. A customer whose login
 * failed is retired, so one failure cannot cause the next.
 */
final class CustomerPool<C> {

    private final ConcurrentLinkedDeque<C> idle;
    private final Predicate<C> ready;
    private final AtomicInteger waits = new AtomicInteger();
    private final AtomicInteger retired = new AtomicInteger();

    /** {@code ready}: whether a customer may sign in now (e.g. not twice in one TOTP period). */
    CustomerPool(List<C> customers, Predicate<C> ready) {
        this.idle = new ConcurrentLinkedDeque<>(customers);
        this.ready = ready;
    }

    /** The least recently used customer that is ready, waiting for one if need be (counted: the driver ran short). */
    C take() throws InterruptedException {
        boolean waited = false;
        while (true) {
            C customer = idle.pollFirst();
            if (customer != null && ready.test(customer)) {
                if (waited) {
                    waits.incrementAndGet();
                }
                return customer;
            }
            if (customer != null) {
                idle.offerFirst(customer);
            }
            waited = true;
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    void giveBack(C customer) {
        idle.offerLast(customer);
    }

    void retire(C customer) {
        retired.incrementAndGet();
    }

    /** Logins that had to wait for a free customer since the last call. */
    int takeWaits() {
        return waits.getAndSet(0);
    }

    int retired() {
        return retired.get();
    }
}
