package io.nordicsca.keycloak.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.nordicsca.keycloak.AfterCommit;

import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Customers' phones as Keycloak credentials. A new phone replaces the previous one, as the banks
 * do, unless the realm allows several: not at enrollment but once the new phone's activation
 * delay has passed, so that the old phone keeps working meanwhile and can cancel the activation.
 * Who is usable is computed from the stored times, the same on every node; the replaced phone is
 * also marked deactivated the first time the customer's devices are read after that moment.
 * Customers see and remove their devices in the account console.
 */
public class AppDeviceCredentialProvider implements CredentialProvider<AppDeviceCredentialModel>, CredentialInputValidator {

    /** Keycloak's named executor for the last-use writes (one per node, shared by all requests). */
    private static final String LAST_USE_EXECUTOR = "nordic-sca-app-last-use";
    private static final Logger LOG = Logger.getLogger(AppDeviceCredentialProvider.class);

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

    /** Every device of the user as of now, newest first. */
    public Stream<AppDeviceCredentialModel> devices(UserModel user) {
        return devices(user, Instant.now()).stream();
    }

    /** The devices a challenge may go to now: active, past their activation delay, not replaced. */
    public Stream<AppDeviceCredentialModel> usableDevices(UserModel user, Instant now) {
        return devices(user, now).stream().filter(device -> device.usable(now));
    }

    /** New phones still in their activation delay: what the customer's usable phone is told of and may cancel. */
    public Stream<AppDeviceCredentialModel> waitingDevices(UserModel user, Instant now) {
        return devices(user, now).stream().filter(device -> device.waiting(now));
    }

    public Optional<AppDeviceCredentialModel> device(UserModel user, String deviceId) {
        return devices(user, Instant.now()).stream().filter(device -> device.getId().equals(deviceId)).findFirst();
    }

    /**
     * The stored devices, newest first, each replaced one marked deactivated (and stored so). The
     * write is only bookkeeping: any node computes the same from the stored times, so two nodes
     * marking the same phone at once agree.
     */
    private List<AppDeviceCredentialModel> devices(UserModel user, Instant now) {
        List<AppDeviceCredentialModel> stored = user.credentialManager().getStoredCredentialsByTypeStream(getType())
                .map(AppDeviceCredentialModel::of)
                .sorted(Comparator.comparing(CredentialModel::getCreatedDate, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        List<AppDeviceCredentialModel> devices = new ArrayList<>(stored.size());
        for (AppDeviceCredentialModel device : stored) {
            if (device.data().status() == AppDeviceStatus.ACTIVE && stored.stream().anyMatch(newer -> newer.replaces(device, now))) {
                AppDeviceCredentialModel replaced = device.with(AppDeviceStatus.DEACTIVATED, device.data().publicKey(), device.data().lastUsed());
                update(user, replaced);
                devices.add(replaced);
            } else {
                devices.add(device);
            }
        }
        return devices;
    }

    /**
     * Stores a new phone under a label of its own (Keycloak refuses two credentials of a type with
     * the same label: a second "Pixel 8" becomes "Pixel 8 (2)"). A phone that replaces the others
     * does so from its {@code activeFrom} on; with no delay, at once.
     */
    public AppDeviceCredentialModel enroll(RealmModel realm, UserModel user, AppDeviceCredentialModel device) {
        device.setUserLabel(freeLabel(user, device.data().name()));
        CredentialModel created = createCredential(realm, user, device);
        // The newest phone first: Keycloak offers a customer's credentials in their order, so the app is the default step.
        user.credentialManager().moveStoredCredentialTo(created.getId(), null);
        return device(user, created.getId()).orElseThrow();
    }

    /** {@code name}, or the first of "name (2)", "name (3)", ... that no other device of the user carries (as Keycloak compares labels). */
    String freeLabel(UserModel user, String name) {
        Set<String> taken = user.credentialManager().getStoredCredentialsByTypeStream(getType())
                .map(CredentialModel::getUserLabel).filter(label -> label != null)
                .map(label -> label.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return freeLabel(name, taken);
    }

    static String freeLabel(String name, Set<String> takenLowerCase) {
        String label = name.trim();
        for (int n = 2; takenLowerCase.contains(label.toLowerCase(Locale.ROOT)); n++) {
            label = name.trim() + " (" + n + ")";
        }
        return label;
    }

    /** "This new phone is not mine": a phone still in its activation delay is removed. */
    public void cancel(UserModel user, AppDeviceCredentialModel waiting) {
        user.credentialManager().removeStoredCredentialById(waiting.getId());
    }

    /**
     * Records the phone's last use once the sign-in has committed, on a worker thread in a
     * transaction of its own, re-reading the phone first (so nothing changed meanwhile is
     * overwritten). The last-use time only informs the customer's device list; writing it on the
     * request that finishes the sign-in would put a credential update and the user-cache eviction
     * it causes on the customer's wait. Lost if the node stops in between.
     */
    public void markUsedAfterCommit(RealmModel realm, UserModel user, AppDeviceCredentialModel device, Instant now) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService worker = session.getProvider(ExecutorsProvider.class).getExecutor(LAST_USE_EXECUTOR);
        String realmId = realm.getId();
        String userId = user.getId();
        String deviceId = device.getId();
        // A sign-in that rolls back used nothing: nothing is recorded.
        AfterCommit.run(session, () -> worker.execute(() -> {
            try {
                AfterCommit.inRealm(factory, realmId, (later, laterRealm) -> {
                    UserModel laterUser = later.users().getUserById(laterRealm, userId);
                    CredentialModel stored = laterUser == null ? null : laterUser.credentialManager().getStoredCredentialById(deviceId);
                    if (stored != null && AppDeviceCredentialModel.TYPE.equals(stored.getType())) {
                        AppDeviceCredentialModel current = AppDeviceCredentialModel.of(stored);
                        laterUser.credentialManager().updateStoredCredential(
                                current.with(current.data().status(), current.data().publicKey(), now.toEpochMilli()));
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not record the last use of app device %s", deviceId);
            }
        }));
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
