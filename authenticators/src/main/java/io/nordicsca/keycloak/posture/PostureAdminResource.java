package io.nordicsca.keycloak.posture;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET /admin/realms/{realm}/nordic-sca/posture}: the realm's {@link SecurityPosture} as JSON,
 * for anyone who may view the realm's settings (view-realm).
 */
public class PostureAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    PostureAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Path("posture")
    @Produces(MediaType.APPLICATION_JSON)
    public SecurityPosture.Report posture() {
        auth.realm().requireViewRealm();
        return SecurityPosture.Report.of(realm.getName(), SecurityPosture.of(session, realm));
    }
}
