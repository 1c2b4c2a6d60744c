package io.nordicsca.keycloak.app;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Customers' phones as Keycloak credentials. Activating a new phone deactivates the previous one,
 * as the banks do, unless the realm allows several. Customers see and remove their devices in
 * the account console.
 */
public class AppDeviceCredentialProvider implements CredentialProvider<AppDeviceCredentialModel>, CredentialInputValidator {

    private final KeycloakSession session;

    public AppDeviceCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return AppDeviceCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, AppDeviceCredentialModel device) {
        return user.credentialManager().createStoredCredential(device);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public AppDeviceCredentialModel getCredentialFromModel(CredentialModel model) {
        return AppDeviceCredentialModel.of(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("app-device-display-name")
                .helpText("app-device-help-text")
                .iconCssClass("kcAuthenticatorAppDeviceClass")
                .createAction(EnrollAppDeviceActionFactory.PROVIDER_ID)
                .removeable(true)
                .build(session);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && devices(user).anyMatch(d -> d.data().status() == AppDeviceStatus.ACTIVE);
    }

    /** Always false: a device proves itself by signing a challenge, see {@link AppApprovalAuthenticator}. */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return false;
    }

    /** Every device of the user, newest first. */
    public Stream<AppDeviceCredentialModel> devices(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType())
                .map(AppDeviceCredentialModel::of)
                .sorted(Comparator.comparing(CredentialModel::getCreatedDate, Comparator.nullsLast(Comparator.reverseOrder())));
    }

    /** The devices a challenge may go to now: active and past their activation delay. */
    public Stream<AppDeviceCredentialModel> usableDevices(UserModel user, Instant now) {
        return devices(user).filter(device -> device.usable(now));
    }

    public Optional<AppDeviceCredentialModel> device(UserModel user, String deviceId) {
        CredentialModel stored = user.credentialManager().getStoredCredentialById(deviceId);
        return stored == null || !getType().equals(stored.getType()) ? Optional.empty() : Optional.of(AppDeviceCredentialModel.of(stored));
    }

    /** Stores a new phone; unless {@code keepOthers}, every other active phone of the user is deactivated. */
    public AppDeviceCredentialModel enroll(RealmModel realm, UserModel user, AppDeviceCredentialModel device, boolean keepOthers) {
        if (!keepOthers) {
            devices(user).filter(d -> d.data().status() == AppDeviceStatus.ACTIVE)
                    .forEach(old -> update(user, old.with(AppDeviceStatus.DEACTIVATED, old.data().publicKey(), old.data().lastUsed())));
        }
        CredentialModel created = createCredential(realm, user, device);
        // The newest phone first: Keycloak offers a customer's credentials in their order, so the app is the default step.
        user.credentialManager().moveStoredCredentialTo(created.getId(), null);
        return AppDeviceCredentialModel.of(created);
    }

    public void markUsed(UserModel user, AppDeviceCredentialModel device, Instant now) {
        update(user, device.with(device.data().status(), device.data().publicKey(), now.toEpochMilli()));
    }

    /** "This was not me": the phone can approve nothing until the bank looks at it. */
    public void lock(UserModel user, AppDeviceCredentialModel device) {
        update(user, device.with(AppDeviceStatus.LOCKED, device.data().publicKey(), device.data().lastUsed()));
    }

    public void rotateKey(UserModel user, AppDeviceCredentialModel device, Map<String, Object> publicKey) {
        update(user, device.with(device.data().status(), publicKey, device.data().lastUsed()));
    }

    private void update(UserModel user, AppDeviceCredentialModel device) {
        user.credentialManager().updateStoredCredential(device);
    }

    @Override
    public void close() {
    }
}
