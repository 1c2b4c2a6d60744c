package io.nordicsca.keycloak.app;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.cache.infinispan.events.CacheKeyInvalidatedEvent;
import org.keycloak.models.cache.infinispan.events.InvalidationEvent;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Tells the waiting pages on every node that a challenge was answered. After the answer is
 * committed, this node's parked polls are answered directly and the other nodes hear it through
 * Keycloak's cluster notifications ({@link ClusterProvider#notify}; on a single node with local
 * caches the same call simply reaches no one else). The event is Keycloak's own
 * {@link CacheKeyInvalidatedEvent} carrying the challenge id on our own task key: Keycloak's
 * cluster marshaller knows it, and only our listener is registered for that key.
 * Lost announcements are caught by {@link WaitingBrowsers}' safety net.
 */
final class AnswerAnnouncements {

    private static final Logger LOG = Logger.getLogger(AnswerAnnouncements.class);
    static final String TASK_KEY = "nordic-sca.app.challenge-answered";

    private AnswerAnnouncements() {
    }

    /** Announces the answer once this request's transaction has committed (never for a rolled-back answer). */
    static void afterCommit(KeycloakSession session, WaitingBrowsers here, String challengeId) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                here.answered(challengeId);
                try {
                    ClusterProvider cluster = session.getProvider(ClusterProvider.class);
                    if (cluster != null) {
                        cluster.notify(TASK_KEY, new CacheKeyInvalidatedEvent(challengeId), true, ClusterProvider.DCNotify.ALL_DCS);
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("Could not announce an answered challenge to the other nodes (%s); their safety net will see it",
                            e.getClass().getName());
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** This node's ear for answers given on other nodes. */
    static void listen(KeycloakSession session, WaitingBrowsers here) {
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        if (cluster == null) {
            LOG.warn("No cluster provider: waiting pages learn of answers from other nodes through the safety net only");
            return;
        }
        cluster.registerListener(TASK_KEY, event -> {
            if (event instanceof InvalidationEvent answered) {
                here.answered(answered.getId());
            }
        });
    }

    /** The safety net's one re-read: which of these challenges have an answer in the shared store. */
    static Set<String> answeredAmong(KeycloakSessionFactory factory, Collection<String> challengeIds) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            Set<String> answered = new HashSet<>();
            for (String id : challengeIds) {
                if (Challenges.answerOf(session.singleUseObjects(), id) != null) {
                    answered.add(id);
                }
            }
            return answered;
        });
    }
}
