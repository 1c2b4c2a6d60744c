package io.nordicsca.keycloak.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.nordicsca.keycloak.SeparateEvents;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.FactorLocks;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Signed-call verification for the device API: every call after enrollment is an ES256 JWS by the
 * device key ({@code kid} = {@code <user id>.<credential id>}) with {@code jti}, {@code iat},
 * {@code htm} and {@code htu}. {@link #verify} checks, in this order: form, device, signature,
 * device status, the app's lock, activation delay, htm/htu, iat window, jti once. A refusal that
 * concerns a customer is also an event for the bank ({@link #refusedFor}).
 */
final class DeviceCalls {

    static final String DEVICE_TYPE = "nordic-sca-device+jwt";
    private static final long IAT_WINDOW_SECONDS = 60;
    private static final long JTI_LIFESPAN_SECONDS = 300;
    private static final int MAX_BODY = DeviceJws.MAX_LENGTH;

    /** What a call needs of its device: usable (past its activation delay), or only enrolled and not replaced or locked. */
    enum Need {
        USABLE, ENROLLED
    }

    /** A verified signed call: the device, its user and the payload. */
    record SignedCall(UserModel user, AppDeviceCredentialModel device, DeviceJws jws) {

        /** The device as the API names it, {@code <user id>.<credential id>}. */
        String deviceId() {
            return DeviceId.of(user, device).toString();
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    DeviceCalls(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** The body of a call to {@code path} (relative to the API), verified; a refusal otherwise. */
    SignedCall verify(InputStream body, String path, Need need) {
        DeviceJws jws = DeviceRequests.jws(read(body), DEVICE_TYPE);
        String kid = jws.header().get("kid") instanceof String value ? value : "";
        DeviceId named = DeviceId.parse(kid);
        UserModel user = named == null ? null : session.users().getUserById(realm, named.userId());
        AppDeviceCredentialModel device = user == null ? null : provider().device(user, named.credentialId()).orElse(null);
        if (device == null) {
            throw new DeviceRefusal(401, "unknown_device", "kid names no device of this realm");
        }
        if (!jws.verifiedBy(DeviceKeys.publicKey(device.data().publicKey()))) {
            throw refusedFor(user, 401, "invalid_signature", "the signature does not verify with the device key");
        }
        if (device.data().status() != AppDeviceStatus.ACTIVE) {
            throw refusedFor(user, 403, "device_not_active", "this device was replaced or locked");
        }
        if (FactorLocks.lockedNow(user, Factor.APP)) {
            throw refusedFor(user, 403, "app_locked", "the customer's app is locked; the bank opens it");
        }
        if (need == Need.USABLE && device.waiting(Instant.now())) {
            long activeFrom = device.data().activeFrom() / 1000;
            // No event: a new phone asking during its delay is expected, not an attack.
            throw new DeviceRefusal(403, "not_active_yet", "this device can be used from " + Instant.ofEpochSecond(activeFrom)
                    + " (the bank's activation delay)", Map.of("activeFrom", activeFrom));
        }
        String expectedUrl = session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path(DeviceApiResourceProviderFactory.ID).path(path).build().toString();
        if (!"POST".equals(jws.text("htm")) || !expectedUrl.equals(jws.text("htu"))) {
            throw refusedFor(user, 400, "invalid_htu", "htm must be POST and htu " + expectedUrl);
        }
        fresh(jws);
        String jti = jws.text("jti");
        if (jti == null || jti.length() < 16 || jti.length() > 128) {
            throw refusedFor(user, 400, "invalid_jti", "jti of 16 to 128 characters is required");
        }
        if (!session.singleUseObjects().putIfAbsent("nordic-sca.app.jti." + device.getId() + "." + jti, JTI_LIFESPAN_SECONDS)) {
            throw refusedFor(user, 400, "replayed", "this jti was already used");
        }
        return new SignedCall(user, device, jws);
    }

    /** A JWS signed at most {@value #IAT_WINDOW_SECONDS} s from the server's clock (also the enrollment's proof). */
    static void fresh(DeviceJws jws) {
        long iat = jws.number("iat");
        if (Math.abs(Instant.now().getEpochSecond() - iat) > IAT_WINDOW_SECONDS) {
            throw new DeviceRefusal(400, "invalid_iat", "iat must be within " + IAT_WINDOW_SECONDS + " s of the server's clock");
        }
    }

    /** A refusal the bank sees: an event for the customer, then the error. */
    DeviceRefusal refusedFor(UserModel user, int status, String error, String description) {
        event(EventType.LOGIN_ERROR, user).detail(AppEvents.REASON, error).error(AppEvents.BAD_REQUEST);
        return new DeviceRefusal(status, error, description);
    }

    /** An event of the device API about this customer's app. */
    EventBuilder event(EventType type, UserModel user) {
        return SeparateEvents.builder(session, realm, session.getContext().getConnection()).event(type).user(user)
                .detail(Details.CREDENTIAL_TYPE, AppDeviceCredentialModel.TYPE);
    }

    AppDeviceCredentialProvider provider() {
        return (AppDeviceCredentialProvider) session.getProvider(CredentialProvider.class, AppDeviceCredentialProviderFactory.PROVIDER_ID);
    }

    /** The body, at most {@value #MAX_BODY} bytes. */
    static String read(InputStream body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new DeviceRefusal(413, "too_large", "bodies are limited to " + MAX_BODY + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeviceRefusal(400, "invalid_request", "unreadable body");
        }
    }
}
