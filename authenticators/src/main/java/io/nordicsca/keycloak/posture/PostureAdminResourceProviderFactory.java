package io.nordicsca.keycloak.posture;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Serves {@link PostureAdminResource} under {@code /admin/realms/{realm}/nordic-sca}, and writes
 * each realm's posture to the server log once at start, after Keycloak has imported realms
 * ({@link PostMigrationEvent} comes after the import).
 */
public class PostureAdminResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "nordic-sca";

    private static final Logger LOG = Logger.getLogger(SecurityPosture.class);

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
                return new PostureAdminResource(s, realm, auth);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, PostureAdminResourceProviderFactory::logEveryRealm);
            }
        });
    }

    private static void logEveryRealm(KeycloakSession session) {
        session.realms().getRealmsStream().forEach(realm -> {
            session.getContext().setRealm(realm);
            List<PostureFinding> findings = SecurityPosture.of(session, realm);
            StringBuilder line = new StringBuilder();
            findings.forEach(finding -> line.append("\n  ").append(finding.logLine()));
            if (SecurityPosture.clean(findings)) {
                LOG.infof("Nordic SCA posture of realm '%s': clean%s", realm.getName(), line);
            } else {
                LOG.warnf("Nordic SCA posture of realm '%s': %d finding(s) (GET /admin/realms/%s/nordic-sca/posture)%s",
                        realm.getName(), findings.size(), realm.getName(), line);
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
