package io.nordicsca.keycloak;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The one way we do work once a request's transaction has committed (a push, a keypad SMS, completing
 * a CIBA request) and record what went wrong with it. After commit, because Keycloak's single-use
 * store writes at commit: a phone woken, an SMS sent or a client told earlier could find nothing, on
 * this node or any other; a request that rolls back does none of it. Nothing here may throw: Keycloak
 * turns an exception of an after-completion transaction into a 500 for a request whose work is
 * already committed, so a failure is logged (its class only: no secrets in logs) and the answer stands.
 */
public final class AfterCommit {

    private static final Logger LOG = Logger.getLogger(AfterCommit.class);

    private AfterCommit() {
    }

    /**
     * Runs {@code work} once {@code session}'s transaction has committed (on the request's thread; a
     * slow {@code work} hands itself to an executor), nothing on rollback.
     */
    public static void run(KeycloakSession session, Runnable work) {
        // The store enlists its own after-completion transaction when first used; ours must come after it.
        session.singleUseObjects();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warnf("Work after commit failed: %s", e.getClass().getName());
                }
            }

            @Override
            protected void rollbackImpl() {
                // Nothing was stored: nothing to do.
            }
        });
    }

    /**
     * The caller's address as the request's events carry it, kept for an event recorded later: the
     * request's connection is not to be read once the request is over.
     */
    public static String address(KeycloakSession session) {
        ClientConnection connection = session.getContext().getConnection();
        return connection == null ? null : connection.getRemoteHost();
    }

    /**
     * Records an event of realm {@code realmId} in a session and transaction of its own (the request's
     * is over, or is not to be touched), with the caller's {@code address} ({@link #address}); never
     * throws. Nothing when the realm is gone meanwhile.
     */
    public static void record(KeycloakSessionFactory factory, String realmId, String address, Consumer<EventBuilder> event) {
        try {
            inRealm(factory, realmId, (session, realm) -> event.accept(SeparateEvents.builder(session, realm, new ClientConnection() {
                @Override
                public String getRemoteAddr() {
                    return address;
                }

                @Override
                public String getRemoteHost() {
                    return address;
                }
            })));
        } catch (RuntimeException e) {
            LOG.warnf("Event after commit not recorded: %s", e.getClass().getName());
        }
    }

    /**
     * Runs {@code work} in a session and transaction of its own with realm {@code realmId} as the
     * session's realm (the request's session is over); nothing when the realm is gone meanwhile.
     */
    public static void inRealm(KeycloakSessionFactory factory, String realmId, BiConsumer<KeycloakSession, RealmModel> work) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            session.getContext().setRealm(realm);
            work.accept(session, realm);
        });
    }
}
