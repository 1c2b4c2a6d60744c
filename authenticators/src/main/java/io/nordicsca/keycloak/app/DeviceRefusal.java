package io.nordicsca.keycloak.app;

import java.util.Map;

import io.nordicsca.keycloak.JsonErrors;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/**
 * A device API request refused: status, error code, a description for the app's developers and any
 * further fields. Thrown from anywhere in a call and answered as its JSON error; what the call
 * recorded on purpose before (a wrong event ID, a lockout count, an event) stays.
 */
final class DeviceRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(DeviceRefusal.class);

    final int status;
    final String error;
    final transient Map<String, Object> fields;

    DeviceRefusal(int status, String error, String description) {
        this(status, error, description, Map.of());
    }

    DeviceRefusal(int status, String error, String description, Map<String, Object> fields) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.fields = fields;
    }

    Response response() {
        return JsonErrors.response(status, error, getMessage(), fields);
    }

    /**
     * A failed call as its refusal. This API faces the internet: input nobody foresaw still gets a
     * 400, nothing the call had changed is kept (the transaction is rolled back), and the log says
     * what broke with its cause (never the body, which may hold keys or tokens).
     */
    static DeviceRefusal of(KeycloakSession session, RuntimeException failure) {
        if (failure instanceof DeviceRefusal refusal) {
            return refusal;
        }
        session.getTransactionManager().setRollbackOnly();
        LOG.warn("Device API request refused after an unexpected error; its changes are rolled back", failure);
        return new DeviceRefusal(400, "invalid_request", "the request could not be processed");
    }
}
