package io.nordicsca.keycloak.app;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.nordicsca.keycloak.callcentre.CallCentreEvents;
import io.nordicsca.keycloak.callcentre.CustomerLookup;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
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
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelAuthenticationRequestContext;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequest;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequestParser;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequestParserProcessor;
import org.keycloak.protocol.oidc.grants.ciba.resolvers.CIBALoginUserResolver;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyException;

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
 * {@code client_notification_token}, then the realm's client policies) only after the resolver: so the
 * checks that do not depend on the customer come first here, with Keycloak's own errors, or a malformed
 * request would answer differently for an askable customer than for anyone else. Nothing here writes
 * anything: the push limit is {@link CibaChannel}'s, which runs after all of Keycloak's checks.
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
     * The caller's mistakes that do not depend on the customer, said before anything is looked up, with
     * the answers Keycloak would give: our {@code purpose}, then what Keycloak's
     * {@code BackchannelAuthenticationEndpoint.authorizeClient} checks after the resolver, in its order: the
     * request's values ({@link #refusal}) and the realm's client policies (e.g. the {@code fapi-ciba} profile:
     * a {@code binding_message} or a signed request required). All on the request as Keycloak reads it, so a
     * signed request object is checked too.
     */
    private void checkRequest() {
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        if (form == null) {
            return;
        }
        checkPurpose(form.getFirst(CibaChannel.PURPOSE));
        ClientModel client = session.getContext().getClient();
        if (client == null) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        BackchannelAuthenticationEndpointRequest asked = BackchannelAuthenticationEndpointRequestParserProcessor.parseRequest(
                new EventBuilder(realm, session, session.getContext().getConnection()), session, client, withoutRequestObject(form),
                realm.getCibaPolicy());
        JsonNode signed = session.getAttribute(BackchannelAuthenticationEndpointRequestParser.CIBA_SIGNED_AUTHENTICATION_REQUEST, JsonNode.class);
        if (signed != null) {
            new SignedRequestObject(signed).parseRequest(asked);
        }
        checkPurpose(asked.getAdditionalReqParams().get(CibaChannel.PURPOSE)); // what the channel reads

        String mode = realm.getCibaPolicy().getBackchannelTokenDeliveryMode(client);
        Refusal refusal = refusal(asked.getScope(), scope -> TokenManager.isValidScope(session, scope, client), asked.getBindingMessage(),
                asked.getClientNotificationToken(), CibaConfig.CIBA_PING_MODE.equals(mode), asked.getUserCode());
        if (refusal != null) {
            throw new ErrorResponseException(refusal.error(), refusal.description(), Response.Status.BAD_REQUEST);
        }
        checkClientPolicies(realm, client, asked, form);
    }

    private static void checkPurpose(String purpose) {
        if (purpose != null && CibaChannel.purpose(purpose) == null) {
            throw new ErrorResponseException(OAuthErrorException.INVALID_REQUEST,
                    "purpose must be plain text on one line, at most " + CibaChannel.PURPOSE_MAX + " characters", Response.Status.BAD_REQUEST);
        }
    }

    /**
     * The form without its signed request object. Keycloak has read the object before it called us and keeps
     * what it verified in the session ({@link SignedRequestObject}): reading it again would fetch a
     * {@code request_uri} a second time, and its answer could differ from the one Keycloak acts on.
     */
    private static MultivaluedMap<String, String> withoutRequestObject(MultivaluedMap<String, String> form) {
        MultivaluedMap<String, String> plain = new MultivaluedHashMap<>(form);
        plain.remove(OIDCLoginProtocol.REQUEST_PARAM);
        plain.remove(OIDCLoginProtocol.REQUEST_URI_PARAM);
        return plain;
    }

    /**
     * The realm's client policies on the request as Keycloak builds it before it runs them, less the user
     * it does not have yet (Keycloak's conditions and CIBA executors read the client, the scope and the
     * request, never the user). Keycloak runs them again after us: its executors only read, so a request
     * that passes here passes there. A refusal is answered, and put in the event, as Keycloak does.
     */
    private void checkClientPolicies(RealmModel realm, ClientModel client, BackchannelAuthenticationEndpointRequest asked,
                                     MultivaluedMap<String, String> form) {
        CIBAAuthenticationRequest request = new CIBAAuthenticationRequest();
        request.setClient(client);
        StringBuilder scopes = new StringBuilder(asked.getScope());
        client.getClientScopes(true).forEach((name, scope) -> {
            if (scope.isDisplayOnConsentScreen()) {
                scopes.append(' ').append(scope.getName());
            }
        });
        request.setScope(scopes.toString());
        request.setBindingMessage(asked.getBindingMessage());
        request.setAcrValues(asked.getAcr());
        request.setClientNotificationToken(asked.getClientNotificationToken());
        asked.getAdditionalReqParams().forEach(request::setOtherClaims);
        try {
            session.clientPolicy().triggerOnEvent(new BackchannelAuthenticationRequestContext(asked, request, form));
        } catch (ClientPolicyException e) {
            new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.LOGIN).client(client)
                    .detail(Details.REASON, Details.CLIENT_POLICY_ERROR).detail(Details.CLIENT_POLICY_ERROR, e.getError())
                    .detail(Details.CLIENT_POLICY_ERROR_DETAIL, e.getErrorDetail()).error(e.getError());
            throw new ErrorResponseException(e.getError(), e.getErrorDetail(), Response.Status.BAD_REQUEST);
        }
    }

    /**
     * A verified signed request object over the form's values, read as Keycloak 26.7.0 reads it
     * ({@code BackchannelAuthenticationEndpointSignedRequestParser}): text claims as they are, others as JSON.
     */
    static final class SignedRequestObject extends BackchannelAuthenticationEndpointRequestParser {
        private final JsonNode claims;

        SignedRequestObject(JsonNode claims) {
            this.claims = claims;
        }

        @Override
        protected String getParameter(String name) {
            JsonNode value = claims.get(name);
            return value == null ? null : value.isValueNode() ? value.asText() : value.toString();
        }

        @Override
        protected Integer getIntParameter(String name) {
            String value = getParameter(name);
            return value == null ? null : Integer.valueOf(value);
        }

        @Override
        protected Set<String> keySet() {
            Set<String> names = new HashSet<>();
            claims.fieldNames().forEachRemaining(names::add);
            return names;
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
