package io.nordicsca.keycloak.app;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;
import org.keycloak.representations.IDToken;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyContext;

/**
 * The CIBA token grant ({@code urn:openid:params:grant-type:ciba}), Keycloak's own with what a bank
 * needs before it hands out tokens for a decoupled identification:
 * <ul>
 * <li>A customer who is now locked (Keycloak's lock or the app's) or disabled gets {@code access_denied},
 *     and Keycloak's request is denied, whatever its state: Keycloak 26.7.0 does not look at locks here.</li>
 * <li>A request Keycloak marks approved is redeemed only when our app approved it (the device API's
 *     signed answer, {@link Challenges.Decision#APPROVED}); an approval from anywhere else (Keycloak's
 *     HTTP callback endpoint) gets {@code access_denied}.</li>
 * <li>A {@code requested_expiry} shorter than the realm's CIBA policy ends the request then
 *     ({@code expired_token}): Keycloak 26.7.0 stores every request with the policy's lifetime.</li>
 * <li>An approved request gives tokens once, also to two token calls at the same moment.</li>
 * <li>Tokens say what happened: {@code acr} {@value #ACR} (identification with the app alone, not on the
 *     browser's ladder of levels) and the app step's {@code amr} reference; no refresh token.</li>
 * </ul>
 */
public class CibaTokenGrant extends CibaGrantType {

    /** The acr of a CIBA identification with the app: not a browser level, so a client asking for one never accepts it. */
    public static final String ACR = "urn:nordic-sca:loa:app";

    static final String NOT_APPROVED_BY_APP = "ciba_not_approved_by_app";
    private static final String REDEEMED = "nordic-sca.ciba.redeemed.";

    /** The request our checks passed (null: none), whether its app approval was checked, and when Keycloak's record of it ends. */
    private CIBAAuthenticationRequest checked;
    private boolean approvalChecked;
    private long checkedEnd;

    @Override
    public Response process(Context context) {
        setContext(context);
        String authReqId = formParams.getFirst(AUTH_REQ_ID);
        if (authReqId != null && realm.getCibaPolicy().isOIDCCIBAGrantEnabled(client)) {
            refuseWhatKeycloakWouldGrant(authReqId);
        }
        return super.process(context);
    }

    /** Our checks, on a request of this client that Keycloak still holds; anything else is Keycloak's to refuse. */
    private void refuseWhatKeycloakWouldGrant(String authReqId) {
        CIBAAuthenticationRequest request;
        try {
            request = CIBAAuthenticationRequest.deserialize(session, authReqId);
        } catch (RuntimeException e) {
            return;
        }
        Map<String, String> stored = request.getId() == null ? null : session.singleUseObjects().get(OAuth2DeviceCodeModel.createKey(request.getId()));
        if (stored == null || !client.getClientId().equals(request.getIssuedFor())) {
            return;
        }
        OAuth2DeviceCodeModel deviceCode = OAuth2DeviceCodeModel.fromCache(realm, request.getId(), stored);
        if (deviceCode.isDenied() || !client.getClientId().equals(deviceCode.getClientId())) {
            return;
        }
        if (request.getExp() != null && Time.currentTime() >= request.getExp()) {
            throw new CorsErrorResponseException(cors, OAuthErrorException.EXPIRED_TOKEN, "authentication timed out", Response.Status.BAD_REQUEST);
        }
        UserModel user = session.users().getUserById(realm, request.getSubject());
        if (user == null) {
            return;
        }
        EventBuilder refusal = event.clone().user(user).storeImmediately(true);
        if (!user.isEnabled()) {
            throw denied(request, refusal, Errors.USER_DISABLED);
        }
        Answers.Verdict locked = Answers.refusal(Answers.Attempt.outsideSignIn(session, user, event.clone().user(user), Factor.APP));
        if (locked != null) {
            throw denied(request, refusal, locked.outcome() == Answers.Outcome.FACTOR_LOCKED ? CibaCustomers.APP_LOCKED : CibaCustomers.CUSTOMER_LOCKED);
        }
        checked = request;
        checkedEnd = Math.max(deviceCode.getExpiration(), request.getExp() == null ? 0 : request.getExp());
        if (!deviceCode.isPending()) {
            requireAppApproval(request, user, refusal);
        }
    }

    /** Keycloak holds the request as approved: our app must have approved it, for this customer. */
    private void requireAppApproval(CIBAAuthenticationRequest request, UserModel user, EventBuilder refusal) {
        ApprovalChallenge challenge = CibaRequests.challengeOf(session, request.getAuthResultId());
        Challenges.Answer answer = challenge == null ? null : Challenges.answerOf(session.singleUseObjects(), challenge.id());
        if (answer == null || answer.decision() != Challenges.Decision.APPROVED || !user.getId().equals(challenge.userId())) {
            throw denied(request, refusal, NOT_APPROVED_BY_APP);
        }
        approvalChecked = true;
    }

    /**
     * Ends our challenge and then denies Keycloak's request, in a transaction of their own (the refusal
     * rolls this one back) and in the order of every CIBA answer (Keycloak's after ours is committed),
     * so the client's next call gets access_denied too and the app stops showing it.
     */
    private CorsErrorResponseException denied(CIBAAuthenticationRequest request, EventBuilder event, String reason) {
        String realmId = realm.getId();
        String clientId = client.getClientId();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), denial -> {
            denial.getContext().setRealm(denial.realms().getRealm(realmId));
            ApprovalChallenge challenge = CibaRequests.challengeOf(denial, request.getAuthResultId());
            if (challenge != null) {
                Challenges.answer(denial.singleUseObjects(), challenge, Challenges.Decision.CANCELLED, null, null, Time.currentTime());
            }
            // The client hears it from this token call: no ping.
            CibaRequests.denyAfterCommit(denial, realmId, request.getAuthResultId(), clientId, request.getSubject(), false);
        });
        event.error(reason);
        return new CorsErrorResponseException(cors, OAuthErrorException.ACCESS_DENIED, "not authorized", Response.Status.BAD_REQUEST);
    }

    /**
     * The tokens exist here and are not yet encoded (that, and the ID token's at_hash, happen in {@code build()}).
     * An approved request gives tokens once: Keycloak 26.7.0 removes its record without looking whether
     * another token call removed it first, so only its polling interval keeps two calls apart. The
     * single-use claim comes after Keycloak's checks (a {@code slow_down} must not use it up) and before
     * any token is made; the second call gets {@code invalid_grant}, as for a redeemed request.
     */
    @Override
    protected TokenManager.AccessTokenResponseBuilder createTokenResponseBuilder(UserModel user, UserSessionModel userSession,
            ClientSessionContext clientSessionCtx, String scopeParam,
            Function<TokenManager.AccessTokenResponseBuilder, ClientPolicyContext> clientPolicyContextGenerator) {
        if (checked == null) { // Keycloak grants what our checks never saw: nothing to hand out
            event.error(Errors.INVALID_CODE);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, "Invalid " + AUTH_REQ_ID, Response.Status.BAD_REQUEST);
        }
        if (!approvalChecked) { // approved while this call ran
            requireAppApproval(checked, user, event.clone().user(user).storeImmediately(true));
        }
        // Until Keycloak's record is gone (it keeps it interval + 10 s past its expiry), like Keycloak.
        long lifespan = Math.max(1, checkedEnd - Time.currentTime()) + realm.getCibaPolicy().getPoolingInterval() + 10;
        if (!session.singleUseObjects().putIfAbsent(REDEEMED + checked.getId(), lifespan)) {
            event.error(Errors.INVALID_CODE);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, "Invalid " + AUTH_REQ_ID, Response.Status.BAD_REQUEST);
        }
        TokenManager.AccessTokenResponseBuilder builder = super.createTokenResponseBuilder(user, userSession, clientSessionCtx,
                scopeParam, clientPolicyContextGenerator);
        String amr = CibaSettings.of(realm).amr();
        stamp(builder.getAccessToken(), amr);
        stamp(builder.getIdToken(), amr);
        return builder;
    }

    private static void stamp(IDToken token, String amr) {
        if (token == null) {
            return;
        }
        token.setAcr(ACR);
        if (amr.isEmpty()) {
            token.getOtherClaims().remove("amr");
        } else {
            token.getOtherClaims().put("amr", List.of(amr));
        }
    }

    /** A decoupled identification is one answer in the app: the client asks again rather than refreshing. */
    @Override
    protected boolean useRefreshToken() {
        return false;
    }
}
