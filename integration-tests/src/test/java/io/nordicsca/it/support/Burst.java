package io.nordicsca.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Answers sent at the same instant, as an attacker with many sign-ins open sends them: every
 * form waits on one latch, so the requests reach Keycloak together, before any failure of theirs
 * has been recorded.
 */
public final class Burst {

    private Burst() {
    }

    /** Submits every form at once and returns the pages in the forms' order. */
    public static List<Page> submit(List<Form> forms) {
        ExecutorService hands = Executors.newFixedThreadPool(forms.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Page>> answers = new ArrayList<>();
            for (Form form : forms) {
                answers.add(hands.submit(() -> {
                    go.await();
                    return form.submit();
                }));
            }
            go.countDown();
            List<Page> pages = new ArrayList<>();
            for (Future<Page> answer : answers) {
                pages.add(answer.get());
            }
            return pages;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an answer of the burst failed", e.getCause());
        } finally {
            hands.shutdownNow();
        }
    }

    /**
     * Turns the realm's quick-login check off until the test ends: a limit on answers must hold
     * without it (it only locks after a failure has been recorded, too late for a burst anyway).
     */
    @SuppressWarnings("deprecation") // RealmBuilder has no setter of its own for the quick-login check
    public static void withoutQuickLoginCheck(ManagedRealm realm) {
        realm.updateWithCleanup(settings -> settings.update(representation -> representation.setQuickLoginCheckMilliSeconds(0L)));
    }

    /** As {@link #withoutQuickLoginCheck(ManagedRealm)}, for good, in a realm outside the test framework (the cluster's). */
    public static void withoutQuickLoginCheck(RealmResource realm) {
        RealmRepresentation settings = realm.toRepresentation();
        settings.setQuickLoginCheckMilliSeconds(0L);
        realm.update(settings);
    }
}
