package io.nordicsca.keycloak.callcentre;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Finds the customer a caller's system names: by username (the bank's user code) or by the one user
 * attribute the realm allows ({@link CallCentreSettings#LOOKUP_ATTRIBUTE}). Exactly one enabled match
 * or none: two customers sharing an attribute value identify nobody. The hint itself may be a personal
 * ID number, so callers never put it in logs or events ({@link #how} says which way it matched).
 */
public final class CustomerLookup {

    public static final String BY_USERNAME = "username";
    public static final String BY_ATTRIBUTE = "attribute";
    /** Longer hints are no user code or attribute value a caller reads out; they are not looked up. */
    static final int MAX_HINT = 128;

    private CustomerLookup() {
    }

    /**
     * The name as the lookup reads it: without leading and trailing whitespace, Unicode's included
     * ({@link String#strip}), and otherwise as given (Keycloak matches the username and the attribute).
     * Whatever else keeps a name apart (its count of codes) starts from this, so that two spellings the
     * lookup takes for one customer are never two names.
     */
    public static String normalized(String hint) {
        return hint == null ? "" : hint.strip();
    }

    public static Optional<UserModel> find(KeycloakSession session, RealmModel realm, String hint) {
        String given = normalized(hint);
        if (given.isEmpty() || given.length() > MAX_HINT) {
            return Optional.empty();
        }
        UserModel byUsername = session.users().getUserByUsername(realm, given);
        if (byUsername != null && byUsername.getServiceAccountClientLink() == null) {
            return byUsername.isEnabled() ? Optional.of(byUsername) : Optional.empty();
        }
        String attribute = CallCentreSettings.lookupAttribute(realm);
        if (attribute.isEmpty()) {
            return Optional.empty();
        }
        List<UserModel> matches = session.users().searchForUserByUserAttributeStream(realm, attribute, given)
                .filter(user -> user.getServiceAccountClientLink() == null)
                .limit(2)
                .toList();
        return matches.size() == 1 && matches.get(0).isEnabled() ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** How {@code hint} names {@code user}, for events: {@value #BY_USERNAME} or {@value #BY_ATTRIBUTE}. */
    public static String how(UserModel user, String hint) {
        return user.getUsername().equalsIgnoreCase(normalized(hint)) ? BY_USERNAME : BY_ATTRIBUTE;
    }
}
