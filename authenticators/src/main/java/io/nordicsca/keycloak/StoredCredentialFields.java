package io.nordicsca.keycloak;

import org.keycloak.credential.CredentialModel;

/**
 * Our credential models (code card, app device) are read from Keycloak's stored credential and
 * carry its identity along: id, type, label, creation date and the stored JSON as it was.
 */
public final class StoredCredentialFields {

    private StoredCredentialFields() {
    }

    /** Copies the stored credential's fields into {@code model} and returns it. */
    public static <M extends CredentialModel> M copy(CredentialModel stored, M model) {
        model.setId(stored.getId());
        model.setType(stored.getType());
        model.setUserLabel(stored.getUserLabel());
        model.setCreatedDate(stored.getCreatedDate());
        model.setCredentialData(stored.getCredentialData());
        model.setSecretData(stored.getSecretData());
        return model;
    }
}
