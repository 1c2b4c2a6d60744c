package io.nordicsca.keycloak.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.KeycloakTransactionManager;

/** What the device API answers when a call fails, and what it keeps of the call's changes. */
class DeviceApiErrorsTest {

    private final AtomicBoolean rolledBack = new AtomicBoolean();

    @Test
    void anUnexpectedErrorRollsTheRequestBackAndIsRefusedAsInvalid() {
        DeviceRefusal refusal = DeviceRefusal.of(session(),
                new ModelDuplicateException("Device already exists with the same name", "userLabel"));
        assertTrue(rolledBack.get(), "nothing the failed call changed may be committed");
        assertEquals(400, refusal.status);
        assertEquals("invalid_request", refusal.error);
    }

    @Test
    void aRefusalKeepsWhatTheCallRecordedOnPurpose() {
        DeviceRefusal wrongEventId = new DeviceRefusal(400, "wrong_event_id", "the event ID does not match");
        assertSame(wrongEventId, DeviceRefusal.of(session(), wrongEventId));
        assertFalse(rolledBack.get(), "a wrong event ID is recorded as the challenge's answer and counts towards lockout");
    }

    /** Just enough of a session for the error path: its transaction manager records a rollback. */
    private KeycloakSession session() {
        KeycloakTransactionManager transactions = (KeycloakTransactionManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeycloakTransactionManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setRollbackOnly")) {
                        rolledBack.set(true);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeycloakSession.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getTransactionManager")) {
                        return transactions;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
