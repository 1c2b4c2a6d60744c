package io.nordicsca.keycloak.app;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;

/**
 * A phone as the device API names it ({@code deviceId}, and the {@code kid} of its signed calls):
 * {@code <user id>.<credential id>}, so a call finds its customer without a search.
 */
record DeviceId(String userId, String credentialId) {

    static DeviceId of(UserModel user, CredentialModel device) {
        return new DeviceId(user.getId(), device.getId());
    }

    /** The id as written; null for anything that is not two parts around a dot. */
    static DeviceId parse(String text) {
        String[] ids = text == null ? new String[0] : text.split("\\.", 2);
        return ids.length == 2 && !ids[0].isEmpty() && !ids[1].isEmpty() ? new DeviceId(ids[0], ids[1]) : null;
    }

    @Override
    public String toString() {
        return userId + "." + credentialId;
    }
}
