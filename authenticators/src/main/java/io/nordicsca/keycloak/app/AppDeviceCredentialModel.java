package io.nordicsca.keycloak.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

import io.nordicsca.keycloak.StoredCredentialFields;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * A customer's phone as Keycloak stores it. Credential data holds only what is public: the
 * device's public key (JWK), name, platform, push token, status and times. The private key never
 * leaves the phone, so the secret data is empty.
 */
public class AppDeviceCredentialModel extends CredentialModel {

    public static final String TYPE = "app-device";

    /**
     * @param activeFrom     epoch milliseconds; a new device can be kept unusable for a while (activation delay)
     * @param replacesOthers from {@code activeFrom} on, this device replaces every device enrolled
     *                       before it (the realm allows one phone); null in devices stored before
     *                       the setting existed, which replaced the others at once
     */
    public record Data(Map<String, Object> publicKey, String name, String platform, String pushToken,
                       AppDeviceStatus status, long activeFrom, Long lastUsed, Boolean replacesOthers) {
    }

    private final Data data;

    private AppDeviceCredentialModel(Data data) {
        this.data = data;
    }

    static AppDeviceCredentialModel enrolled(Map<String, Object> publicKey, String name, String platform, String pushToken,
                                             Instant now, Instant activeFrom, boolean replacesOthers) {
        AppDeviceCredentialModel model = new AppDeviceCredentialModel(
                new Data(publicKey, name, platform, pushToken, AppDeviceStatus.ACTIVE, activeFrom.toEpochMilli(), null, replacesOthers));
        model.setType(TYPE);
        model.setUserLabel(name);
        model.setCreatedDate(now.toEpochMilli());
        model.write();
        return model;
    }

    /** Reads a stored credential of type {@value #TYPE}. */
    public static AppDeviceCredentialModel of(CredentialModel stored) {
        try {
            return StoredCredentialFields.copy(stored, new AppDeviceCredentialModel(JsonSerialization.readValue(stored.getCredentialData(), Data.class)));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable app device credential " + stored.getId(), e);
        }
    }

    public Data data() {
        return data;
    }

    /**
     * Active, and past its activation delay. Read through {@link AppDeviceCredentialProvider}, a
     * device replaced by a newer one that became usable is already marked deactivated.
     */
    public boolean usable(Instant now) {
        return data.status() == AppDeviceStatus.ACTIVE && now.toEpochMilli() >= data.activeFrom();
    }

    /** Active, but still in its activation delay: it may do nothing yet, and the customer's usable phone may cancel it. */
    public boolean waiting(Instant now) {
        return data.status() == AppDeviceStatus.ACTIVE && now.toEpochMilli() < data.activeFrom();
    }

    /** Whether this device has taken {@code older}'s place by {@code now}: enrolled after it, to replace it, and past its delay. */
    boolean replaces(AppDeviceCredentialModel older, Instant now) {
        return Boolean.TRUE.equals(data.replacesOthers()) && !getId().equals(older.getId())
                && getCreatedDate() != null && older.getCreatedDate() != null && getCreatedDate() > older.getCreatedDate()
                && now.toEpochMilli() >= data.activeFrom();
    }

    AppDeviceCredentialModel with(AppDeviceStatus status, Map<String, Object> publicKey, Long lastUsed) {
        AppDeviceCredentialModel changed = new AppDeviceCredentialModel(new Data(publicKey, data.name(), data.platform(),
                data.pushToken(), status, data.activeFrom(), lastUsed, data.replacesOthers()));
        changed.setId(getId());
        changed.setType(TYPE);
        changed.setUserLabel(getUserLabel());
        changed.setCreatedDate(getCreatedDate());
        changed.write();
        return changed;
    }

    private void write() {
        try {
            setCredentialData(JsonSerialization.writeValueAsString(data));
            setSecretData("{}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
