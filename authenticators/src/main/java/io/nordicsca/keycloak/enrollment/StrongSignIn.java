package io.nordicsca.keycloak.enrollment;

import java.util.Set;

import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Enrolling a new factor needs proof by another strong factor in the same sign-in, never the
 * password alone: otherwise an attacker with the password registers their own second factor
 * (Keycloak issue 21837). Keycloak records the credential type
 * of every step that succeeded with {@code context.success(type)} in the authentication session.
 */
public final class StrongSignIn {

    /** Credential types that prove possession or inherence: Keycloak's OTP and WebAuthn, and ours. */
    public static final Set<String> STRONG_TYPES = Set.of(
            "otp", "webauthn", "webauthn-passwordless", "code-card", "sms-otp", "app-device");

    private StrongSignIn() {
    }

    /** True when this sign-in passed one of these strong factors (the password never counts). */
    public static boolean passedOneOf(AuthenticationSessionModel authSession, Set<String> types) {
        return AuthenticatorUtil.getAuthnCredentials(authSession).stream()
                .anyMatch(type -> STRONG_TYPES.contains(type) && types.contains(type));
    }

    /** True when this sign-in passed a strong factor other than the one being enrolled. */
    public static boolean passedOtherThan(AuthenticationSessionModel authSession, String enrolledType) {
        return AuthenticatorUtil.getAuthnCredentials(authSession).stream()
                .anyMatch(type -> STRONG_TYPES.contains(type) && !type.equals(enrolledType));
    }
}
