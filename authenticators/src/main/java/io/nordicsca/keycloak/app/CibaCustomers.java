package io.nordicsca.keycloak.app;

import java.time.Instant;
import java.util.Optional;

import io.nordicsca.keycloak.callcentre.CallCentreEvents;
import io.nordicsca.keycloak.callcentre.CustomerLookup;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.ciba.resolvers.CIBALoginUserResolver;
import org.keycloak.services.ErrorResponseException;

/**
 * Who a CIBA request names (SPI {@code ciba-login-user-resolver}), and whether the app may ask them.
 * Keycloak's endpoint calls the resolver before its try/catch that turns the channel's failures into
 * 503s ({@code BackchannelAuthenticationEndpoint.authorizeClient -> resolveUser}), so a refusal here
 * reaches the caller as a CIBA error.
 *
 * <p>The caller learns nothing of the customer: unknown, disabled, locked (Keycloak's lock), a
 * locked app, no usable phone and a used-up push limit all get the same 400 access_denied; the
 * reason goes only to the server's event (never the hint itself: it may be a personal ID number).
 * The push limit's slot is taken here, where a refusal is still possible; a request that fails later
 * rolls back and gives it back.
 */
final class CibaCustomers implements CIBALoginUserResolver {

    static final String CANNOT_BE_ASKED = "the customer cannot be asked in the app";

    static final String CUSTOMER_LOCKED = "customer_locked";
    static final String APP_LOCKED = "app_locked";

    private final KeycloakSession session;

    CibaCustomers(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public UserModel getUserFromLoginHint(String loginHint) {
        RealmModel realm = session.getContext().getRealm();
        checkPurpose();
        EventBuilder event = event(realm);
        Optional<UserModel> found = CustomerLookup.find(session, realm, loginHint);
        if (found.isEmpty()) {
            throw refused(event, CallCentreEvents.CUSTOMER_NOT_FOUND); // a disabled customer reads as not found
        }
        UserModel user = found.get();
        event.user(user).detail(CallCentreEvents.LOOKUP, CustomerLookup.how(user, loginHint));
        Answers.Verdict locked = Answers.refusal(Answers.Attempt.outsideSignIn(session, user, event.clone(), Factor.APP));
        if (locked != null) {
            throw refused(event, locked.outcome() == Answers.Outcome.FACTOR_LOCKED ? APP_LOCKED : CUSTOMER_LOCKED);
        }
        long now = Instant.now().getEpochSecond();
        AppDeviceCredentialProvider devices = (AppDeviceCredentialProvider) session.getProvider(CredentialProvider.class,
                AppDeviceCredentialProviderFactory.PROVIDER_ID);
        if (devices.usableDevices(user, Instant.ofEpochSecond(now)).findAny().isEmpty()) {
            throw refused(event, AppEvents.NO_USABLE_DEVICE);
        }
        AppApprovalConfig config = CibaSettings.of(realm).app();
        if (!PushLimit.take(session.singleUseObjects(), realm, user, config, now)) {
            event.detail(AppEvents.RETRY_AFTER, String.valueOf(PushLimit.retryAfter(session.singleUseObjects(), realm, user, config, now)));
            throw refused(event, AppEvents.LIMIT_REACHED);
        }
        return user;
    }

    /** The demo realm's CIBA policy names customers by {@code login_hint}; the other hints are not ours to read. */
    @Override
    public UserModel getUserFromLoginHintToken(String loginHintToken) {
        throw new ErrorResponseException(OAuthErrorException.INVALID_REQUEST, "customers are named by login_hint", Response.Status.BAD_REQUEST);
    }

    @Override
    public UserModel getUserFromIdTokenHint(String idToken) {
        throw new ErrorResponseException(OAuthErrorException.INVALID_REQUEST, "customers are named by login_hint", Response.Status.BAD_REQUEST);
    }

    @Override
    public String getInfoUsedByAuthentication(UserModel user) {
        return user.getId();
    }

    @Override
    public UserModel getUserFromInfoUsedByAuthentication(String info) {
        return info == null ? null : session.users().getUserById(session.getContext().getRealm(), info);
    }

    /** A {@code purpose} the app could not show as it is is the caller's mistake: said before anything is looked up. */
    private void checkPurpose() {
        var form = session.getContext().getHttpRequest().getDecodedFormParameters();
        String purpose = form == null ? null : form.getFirst(CibaChannel.PURPOSE);
        if (purpose != null && CibaChannel.purpose(purpose) == null) {
            throw new ErrorResponseException(OAuthErrorException.INVALID_REQUEST,
                    "purpose must be plain text on one line, at most " + CibaChannel.PURPOSE_MAX + " characters", Response.Status.BAD_REQUEST);
        }
    }

    /** Stored at once: the refusal rolls the request's transaction back. */
    private EventBuilder event(RealmModel realm) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.LOGIN_ERROR)
                .detail(Details.CREDENTIAL_TYPE, AppDeviceCredentialModel.TYPE).storeImmediately(true);
        if (session.getContext().getClient() != null) {
            event.client(session.getContext().getClient());
        }
        return event;
    }

    private static ErrorResponseException refused(EventBuilder event, String reason) {
        event.error(reason);
        return new ErrorResponseException(OAuthErrorException.ACCESS_DENIED, CANNOT_BE_ASKED, Response.Status.BAD_REQUEST);
    }

    @Override
    public void close() {
    }
}
