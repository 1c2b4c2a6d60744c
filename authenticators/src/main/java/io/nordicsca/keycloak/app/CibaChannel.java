package io.nordicsca.keycloak.app;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.nordicsca.keycloak.LoginTexts;
import io.nordicsca.keycloak.SeparateEvents;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;

/**
 * A CIBA request as an approval request in the customer's app: who asks (the client's name), why
 * ({@code purpose}), the event ID (the {@code binding_message}, or ours), in the app step's mode
 * ({@code compare} asked as {@code enter}: {@link #decoupledMode}).
 *
 * <p>Keycloak calls the channel before it stores its own request, and both are written to the
 * single-use store at commit: so the channel only writes our challenge, the index from Keycloak's
 * request to it, and enlists the push after commit ({@link PushAfterCommit}); a request that rolls
 * back pushes nothing. The channel never refuses: Keycloak turns a {@code false} or an exception
 * here into a 503, so every refusal happens before, in {@link CibaCustomers}. The push's slot of the
 * customer's limit is taken here, after all of Keycloak's checks of the request; when the limit is
 * used up, nothing of ours is stored or pushed and Keycloak's request is denied once it is stored
 * (after commit), without a ping-mode notification: the caller's next token call sees a customer who
 * declined, as for every other answer. The same when the customer's previous sign-in request, pushed
 * and never answered, is counted here and that locks the app, or cannot be counted now
 * ({@link Challenges#endLatest}).
 */
final class CibaChannel implements AuthenticationChannelProvider {

    /** Optional CIBA request parameter: why the client asks, shown in the app. */
    static final String PURPOSE = "purpose";
    static final int PURPOSE_MAX = 60;

    private final KeycloakSession session;

    CibaChannel(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public boolean requestAuthentication(CIBAAuthenticationRequest request, String infoUsedByAuthentication) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = request.getUser();
        ClientModel client = request.getClient();
        SingleUseObjectProvider store = session.singleUseObjects();
        CibaSettings settings = CibaSettings.of(realm);
        AppApprovalConfig config = settings.app();
        long now = Instant.now().getEpochSecond();
        if (!PushLimit.take(store, realm, user, config, now)) {
            SeparateEvents.builder(session, realm, session.getContext().getConnection()).event(EventType.LOGIN_ERROR).client(client).user(user)
                    .detail(Details.CREDENTIAL_TYPE, AppDeviceCredentialModel.TYPE)
                    .detail(AppEvents.RETRY_AFTER, String.valueOf(PushLimit.retryAfter(store, realm, user, config, now)))
                    .error(AppEvents.LIMIT_REACHED);
            // No ping: this runs at the initiating request's commit, before the client has its auth_req_id in the
            // answer, and a notification about an id it does not know yet is one it may drop. Its next token
            // call (a ping-mode client may poll too: CIBA core 1.0, section 7.3, "interval") gets access_denied,
            // as for a customer who declined; until then it looks like a customer who has not answered yet.
            CibaRequests.denyAfterCommit(session, realm.getId(), request.getAuthResultId(), client.getClientId(), user.getId(), false);
            return true;
        }

        String binding = request.getBindingMessage();
        String eventId = binding != null ? binding : EventIds.next(config.eventIdFormat());
        VerificationMode mode = decoupledMode(config.mode());
        List<String> options = List.of();
        if (mode == VerificationMode.SELECT) {
            options = binding != null ? EventIds.optionsLike(binding) : EventIds.options(eventId, config.eventIdFormat());
            if (options.isEmpty()) {
                mode = VerificationMode.ENTER; // a binding_message without letters or digits has no look-alikes to offer
            }
        }
        Locale locale = session.getContext().resolveLocale(user);
        Object asked = request.getOtherClaims().get(PURPOSE);
        String purpose = purpose(asked == null ? null : asked.toString());
        if (purpose == null) {
            purpose = LoginTexts.messages(session, realm, locale).getProperty("appCibaPurposeDefault", "");
        }
        ApprovalChallenge challenge = new ApprovalChallenge(SecretGenerator.getInstance().randomString(32), realm.getId(), user.getId(),
                eventId, options, mode.id(), AppApprovalAuthenticator.clientName(session, realm, client, locale), "", "", now,
                expiresAt(request.getExp(), now, realm.getCibaPolicy().getExpiresIn()),
                SecretGenerator.getInstance().randomString(32), null,
                new ApprovalChallenge.Ciba(request.getAuthResultId(), client.getClientId(), purpose));

        // One request at a time per customer: the older one ends (a CIBA one also denied in Keycloak). A sign-in's
        // request the customer never answered counts towards lockout, whoever asks next (push fatigue); when
        // that locks the app, or cannot be counted now, this request is denied unpushed, like one over the limit.
        EventBuilder counted = SeparateEvents.builder(session, realm, session.getContext().getConnection()).event(EventType.LOGIN_ERROR)
                .client(client).user(user).detail(Details.CREDENTIAL_TYPE, AppDeviceCredentialModel.TYPE);
        Answers.Verdict ended = Challenges.endLatest(Answers.Attempt.outsideSignIn(session, user, counted, Factor.APP), now);
        if (ended != null && ended.outcome() != Answers.Outcome.WRONG) {
            CibaRequests.denyAfterCommit(session, realm.getId(), request.getAuthResultId(), client.getClientId(), user.getId(), false);
            return true;
        }
        Challenges.create(store, challenge, now);
        CibaRequests.index(store, challenge, now);
        AppDeviceCredentialProvider devices = (AppDeviceCredentialProvider) session.getProvider(CredentialProvider.class,
                AppDeviceCredentialProviderFactory.PROVIDER_ID);
        PushAfterCommit.enlist(session, config.pushSender(), realm, user.getId(), client.getClientId(), challenge,
                devices.usableDevices(user, Instant.ofEpochSecond(now)).toList());
        return true;
    }

    /**
     * When the challenge ends: the request's {@code exp} ({@code requested_expiry} or the policy's), but
     * never after the realm's CIBA policy's {@code expires_in}: Keycloak 26.7.0 stores its own record for
     * that long whatever {@code requested_expiry} says, and an approval after it would find nothing.
     */
    static long expiresAt(Long requested, long now, int policyExpiresIn) {
        long latest = now + policyExpiresIn;
        return requested == null ? latest : Math.min(requested, latest);
    }

    /**
     * The app step's mode as a decoupled request uses it: {@code compare} becomes {@code enter}. Comparing
     * shows the event ID on the phone, so whoever holds the phone can approve without hearing the caller,
     * and the person on the call need not be the one holding the phone; typing what the caller reads out
     * proves the two are together. {@code select} stays, with decoys that look like the event ID.
     */
    static VerificationMode decoupledMode(VerificationMode stepMode) {
        return stepMode == VerificationMode.COMPARE ? VerificationMode.ENTER : stepMode;
    }

    /**
     * The caller's {@code purpose} as the app may show it: one line of at most {@value #PURPOSE_MAX}
     * characters without control characters; null when absent or anything else ({@link CibaCustomers}
     * refuses such a form parameter with invalid_request; one inside a signed request object is ignored here).
     */
    static String purpose(String asked) {
        if (asked == null) {
            return null;
        }
        String text = asked.strip();
        boolean plain = !text.isEmpty() && text.length() <= PURPOSE_MAX && text.codePoints().noneMatch(Character::isISOControl);
        return plain ? text : null;
    }

    @Override
    public void close() {
    }
}
