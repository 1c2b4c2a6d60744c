package io.nordicsca.keycloak.app;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.nordicsca.keycloak.callcentre.CallCentreEvents;
import io.nordicsca.keycloak.callcentre.CustomerLookup;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.protocol.oidc.grants.ciba.resolvers.CIBALoginUserResolver;
import org.keycloak.services.ErrorResponseException;

/**
 * Who a CIBA request names (SPI {@code ciba-login-user-resolver}), and whether the app may ask them.
 * Keycloak's endpoint calls the resolver before its try/catch that turns the channel's failures into
 * 503s ({@code BackchannelAuthenticationEndpoint.authorizeClient -> resolveUser}), so a refusal here
 * reaches the caller as a CIBA error.
 *
 * <p>The caller learns nothing of the customer: unknown, disabled, locked (Keycloak's lock), a
 * locked app and no usable phone all get the same 400 access_denied; the reason goes only to the
 * server's event (never the hint itself: it may be a personal ID number).
 *
 * <p>Keycloak 26.7.0 checks the rest of the request (scope, {@code binding_message},
 * {@code client_notification_token}) only after the resolver: so the checks that do not depend on the
 * customer come first here, with Keycloak's own errors, or a malformed request would answer
 * differently for an askable customer than for anyone else. Nothing here writes anything: the push
 * limit is {@link CibaChannel}'s, which runs after all of Keycloak's checks.
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
        checkRequest();
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

    /**
     * The caller's mistakes that do not depend on the customer, said before anything is looked up: our
     * {@code purpose}, and what Keycloak's {@code BackchannelAuthenticationEndpoint.authorizeClient}
     * checks after the resolver, on the form parameters. A signed request object ({@code request} or
     * {@code request_uri}) is Keycloak's to read: only our {@code purpose} is checked then.
     */
    private void checkRequest() {
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        if (form == null) {
            return;
        }
        String purpose = form.getFirst(CibaChannel.PURPOSE);
        if (purpose != null && CibaChannel.purpose(purpose) == null) {
            throw new ErrorResponseException(OAuthErrorException.INVALID_REQUEST,
                    "purpose must be plain text on one line, at most " + CibaChannel.PURPOSE_MAX + " characters", Response.Status.BAD_REQUEST);
        }
        ClientModel client = session.getContext().getClient();
        if (client == null || form.getFirst(OIDCLoginProtocol.REQUEST_PARAM) != null || form.getFirst(OIDCLoginProtocol.REQUEST_URI_PARAM) != null) {
            return;
        }
        String mode = session.getContext().getRealm().getCibaPolicy().getBackchannelTokenDeliveryMode(client);
        Refusal refusal = refusal(form.getFirst(OAuth2Constants.SCOPE), scope -> TokenManager.isValidScope(session, scope, client),
                form.getFirst(CibaGrantType.BINDING_MESSAGE), form.getFirst(CibaGrantType.CLIENT_NOTIFICATION_TOKEN),
                CibaConfig.CIBA_PING_MODE.equals(mode), form.getFirst(CibaGrantType.USER_CODE));
        if (refusal != null) {
            throw new ErrorResponseException(refusal.error(), refusal.description(), Response.Status.BAD_REQUEST);
        }
    }

    /** A CIBA error: Keycloak's {@code error} and {@code error_description}. */
    record Refusal(String error, String description) {
    }

    /** Keycloak 26.7.0's binding_message rule ({@code BackchannelAuthenticationEndpoint.BINDING_MESSAGE_VALIDATION}). */
    private static final Pattern BINDING_MESSAGE = Pattern.compile("^[a-zA-Z0-9-._+/!?#]{1,50}$");
    private static final int NOTIFICATION_TOKEN_MAX = 1024;

    /**
     * Keycloak 26.7.0's checks of a CIBA request that do not depend on the user, in its order and with its
     * texts ({@code BackchannelAuthenticationEndpoint.authorizeClient}); {@code validScope} is Keycloak's
     * scope check without a user ({@code TokenManager.isValidScope}: openid and the client's scopes). Null: none fails.
     */
    static Refusal refusal(String scope, Predicate<String> validScope, String bindingMessage, String notificationToken,
                           boolean pingMode, String userCode) {
        if (scope == null) {
            return new Refusal(OAuthErrorException.INVALID_REQUEST, "missing parameter : scope");
        }
        if (!validScope.test(scope)) {
            return new Refusal(OAuthErrorException.INVALID_SCOPE, "Invalid scopes: " + scope);
        }
        if (bindingMessage != null && !BINDING_MESSAGE.matcher(bindingMessage).matches()) {
            return new Refusal(OAuthErrorException.INVALID_BINDING_MESSAGE, "the binding_message value has to be max 50 characters in length "
                    + "and must contain only basic plain-text characters without spaces");
        }
        if (notificationToken != null && !pingMode) {
            return new Refusal(OAuthErrorException.INVALID_REQUEST, "Client Notification token supported only for the ping mode");
        }
        if (notificationToken != null && notificationToken.length() > NOTIFICATION_TOKEN_MAX) {
            return new Refusal(OAuthErrorException.INVALID_REQUEST, "Client Notification token length is limited to 1024 characters");
        }
        if (notificationToken == null && pingMode) {
            return new Refusal(OAuthErrorException.INVALID_REQUEST, "Client Notification token needs to be provided with the ping mode");
        }
        if (userCode != null) {
            return new Refusal(OAuthErrorException.INVALID_REQUEST, "User code not supported");
        }
        return null;
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
