package io.nordicsca.keycloak.app;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import io.nordicsca.keycloak.LoginTexts;
import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.FactorLocks;
import io.nordicsca.keycloak.lockout.FactorStep;
import io.nordicsca.keycloak.lockout.LockPages;
import io.nordicsca.keycloak.lockout.SecondFactorLockout;
import io.nordicsca.keycloak.payment.LinkedPayment;
import io.nordicsca.keycloak.payment.Payment;
import io.nordicsca.keycloak.payment.PaymentEvents;
import io.nordicsca.keycloak.secondfactor.AnswerClock;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The app approval step: "Approve in the app. Event ID K7QM".
 *
 * <ol>
 * <li>{@link #authenticate}: if this sign-in already has a request in flight, show its page again
 *     (a reload pushes nothing). Otherwise take a slot of the per-customer push limit, cancel the
 *     customer's previous request (one at a time), store the new challenge where every node
 *     reads it ({@link Challenges}), push to the phone once that is committed ({@link PushAfterCommit})
 *     and show the event ID. A pushed request that nobody answered counts towards lockout once,
 *     however it ends (Cancel, expiry, replaced by "try again" or a new sign-in, or left by a browser
 *     that walked away: the next request counts it), so pushing again and again is never free.
 *     The page waits on the device API's status call and submits itself once the app answered.</li>
 * <li>{@link #action}: read the answer. Approved (signed by the device, with the right event ID,
 *     checked by {@link DeviceApiResource}): done, as {@value AppDeviceCredentialModel#TYPE}. Denied,
 *     "not me", the wrong event ID or another payment: declined (already counted towards lockout by
 *     the device API, and in this sign-in here). Expired: counted, with "try again". "Send again";
 *     "cancel" (counted, then back to the application).</li>
 * </ol>
 *
 * <p>Every outcome page names its failure by its catalogue code ({@link CustomerError}, NSCA-4xxx: problem,
 * what to do and, where the bank must help, its number). When the app's next counted outcome would lock it
 * for good, the page warns (NSCA-4904), as the other factors' pages do before their permanent lock.
 *
 * <p>Dynamic linking (PSD2 RTS art. 5): when the sign-in carries a payment ({@link LinkedPayment#requested}),
 * the request carries it to the app, which shows amount and payee and signs the payment's hash; the
 * device API accepts only that hash. At the approval the sign-in's payment is read again and must be the
 * request's; only then is it marked approved ({@link LinkedPayment#approved}) for the token. A later app
 * step of the same sign-in (the linked level after the first) then passes without asking again.
 */
public class AppApprovalAuthenticator implements Authenticator, CredentialValidator<AppDeviceCredentialProvider>, FactorStep {

    static final String TEMPLATE = "login-app-approval.ftl";
    static final String NOTE_CHALLENGE = "nordic-sca.app.challenge";
    /** The outcome shown after a declined or expired request, until "try again": its catalogue code. */
    static final String NOTE_FINISHED = "nordic-sca.app.finished";
    /** Default of "answer within" (seconds), from the request (or the password before it) to the page's answer; see {@link AnswerClock}. */
    static final int ANSWER_WITHIN = 300;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (lockedOrBlocked(context) || AnswerClock.endIfLate(context, Factor.APP.id(), answerWithin(context))) {
            return;
        }
        if (LinkedPayment.alreadyApprovedBy(context, Factor.APP.id())) {
            context.success(AppDeviceCredentialModel.TYPE);
            return;
        }
        String finished = authSession.getAuthNote(NOTE_FINISHED);
        if (finished != null) {
            context.challenge(problemPage(context, outcome(finished), true)); // a reload after the outcome: no new push
            return;
        }
        long now = Instant.now().getEpochSecond();
        ApprovalChallenge current = Challenges.get(store(context), authSession.getAuthNote(NOTE_CHALLENGE));
        if (current != null) {
            conclude(context, current, now, false); // a reload: the same request, or its outcome
            return;
        }
        AnswerClock.asked(authSession, Factor.APP.id());
        newRequest(context, AppApprovalConfig.from(context.getAuthenticatorConfig()), now);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (lockedOrBlocked(context) || AnswerClock.endIfLate(context, Factor.APP.id(), answerWithin(context))) {
            return; // too late: the answer is not taken
        }
        AppApprovalConfig config = AppApprovalConfig.from(context.getAuthenticatorConfig());
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        long now = Instant.now().getEpochSecond();
        ApprovalChallenge challenge = Challenges.get(store(context), authSession.getAuthNote(NOTE_CHALLENGE));
        if (form.containsKey("retry") || (challenge == null && authSession.getAuthNote(NOTE_FINISHED) == null)) {
            authSession.removeAuthNote(NOTE_FINISHED);
            AnswerClock.askedAnew(authSession, Factor.APP.id());
            newRequest(context, config, now);
            return;
        }
        if (challenge == null) {
            authenticate(context);
            return;
        }
        if (form.containsKey("cancel")) {
            // A pushed request cancelled unanswered counts (once), or cancelling and signing in again would push for free.
            Answers.Verdict counted = Challenges.endUnanswered(attempt(context), challenge, AppEvents.CANCELLED, now);
            if (unansweredShown(context, counted, () -> waitingPage(context, challenge, now, SecondFactorLockout.BUSY_MESSAGE))) {
                return;
            }
            authSession.removeAuthNote(NOTE_CHALLENGE);
            if (counted == null) {
                event(context).error(AppEvents.CANCELLED); // nothing counted: a counted one sent this event already
            }
            context.cancelLogin();
            return;
        }
        if (form.containsKey("resend") && Challenges.answerOf(store(context), challenge.id()) == null && !challenge.expired(now)) {
            resend(context, config, challenge, now);
            return;
        }
        conclude(context, challenge, now, true);
    }

    /**
     * The request's state decides: still waiting, approved, declined, or expired unanswered.
     * {@code submitted}: the customer (or the page) said "approved", so a request still waiting gets a hint.
     */
    private void conclude(AuthenticationFlowContext context, ApprovalChallenge challenge, long now, boolean submitted) {
        Challenges.Answer answer = Challenges.answerOf(store(context), challenge.id());
        if (answer == null && !challenge.expired(now)) {
            context.challenge(waitingPage(context, challenge, now, submitted ? "appNotAnsweredYet" : null));
            return;
        }
        if (answer == null) {
            // Expired unanswered: a request nobody approved counts (once), or fatigue attacks would be free.
            if (unansweredShown(context, Challenges.endUnanswered(attempt(context), challenge, AppEvents.EXPIRED, now),
                    () -> busyPage(context))) {
                return;
            }
            finished(context, CustomerError.APP_EXPIRED);
            return;
        }
        switch (answer.decision()) {
            case APPROVED -> approved(context, challenge, answer, now);
            case DENIED, NOT_ME, WRONG_EVENT_ID, WRONG_PAYMENT -> {
                // The device API reported it to Keycloak's protector; here it counts in this sign-in.
                SecondFactorLockout.countInSession(context.getAuthenticationSession(), context.getRealm());
                finished(context, switch (answer.decision()) {
                    case WRONG_EVENT_ID -> CustomerError.APP_WRONG_EVENT_ID;
                    case WRONG_PAYMENT -> CustomerError.APP_WRONG_PAYMENT;
                    default -> CustomerError.APP_DECLINED; // "not me" locked the app: lockout's page shows that instead
                });
            }
            case CANCELLED -> finished(context, CustomerError.APP_REPLACED);
        }
    }

    private void approved(AuthenticationFlowContext context, ApprovalChallenge challenge, Challenges.Answer answer, long now) {
        AppDeviceCredentialProvider devices = getCredentialProvider(context.getSession());
        var device = devices.device(context.getUser(), answer.deviceId());
        SecondFactorLockout.Lock lock = SecondFactorLockout.lock(context.getSession(), context.getRealm(), context.getUser());
        if (lock.state() == SecondFactorLockout.LockState.BUSY) {
            // Another request of this customer is in flight (a double submit): the approval stands, the page submits again.
            context.challenge(waitingPage(context, challenge, now, SecondFactorLockout.BUSY_MESSAGE));
            return;
        }
        if (refused(context)) {
            return; // the app or the customer was locked while the request waited
        }
        if (device.isEmpty() || !device.get().usable(Instant.ofEpochSecond(now))) {
            finished(context, CustomerError.APP_DECLINED); // the phone was removed or replaced meanwhile
            return;
        }
        Payment requested = LinkedPayment.requested(context).orElse(null);
        if (!Objects.equals(requested == null ? null : requested.hash(), answer.transactionHash())) {
            // The hash the app signed (checked against the request by the device API) must name exactly the
            // payment this sign-in asks for now, and none for a sign-in alone: this step decides, whatever node took the answer.
            event(context).detail(AppEvents.CHALLENGE, challenge.id())
                    .detail(PaymentEvents.PAYMENT_HASH, requested == null ? "" : requested.hash()).error(AppEvents.WRONG_PAYMENT);
            finished(context, CustomerError.APP_WRONG_PAYMENT);
            return;
        }
        context.getAuthenticationSession().removeAuthNote(NOTE_CHALLENGE);
        context.getAuthenticationSession().removeAuthNote(NOTE_FINISHED);
        devices.markUsedAfterCommit(context.getRealm(), context.getUser(), device.get(), Instant.ofEpochSecond(now));
        SecondFactorLockout.rightAnswer(context);
        if (requested != null) {
            LinkedPayment.approved(context.getAuthenticationSession(), requested, Factor.APP.id());
            context.getEvent().detail(PaymentEvents.PAYMENT_HASH, requested.hash());
        }
        context.getEvent().detail(AppEvents.DEVICE, device.get().getUserLabel());
        context.success(AppDeviceCredentialModel.TYPE);
    }

    /** A new request: limits, one pending per customer, push, page. */
    private void newRequest(AuthenticationFlowContext context, AppApprovalConfig config, long now) {
        KeycloakSession session = context.getSession();
        List<AppDeviceCredentialModel> devices = getCredentialProvider(session).usableDevices(context.getUser(), Instant.ofEpochSecond(now)).toList();
        if (devices.isEmpty()) {
            event(context).error(AppEvents.NO_USABLE_DEVICE);
            context.challenge(problemPage(context, CustomerError.APP_NO_USABLE_DEVICE, false));
            return;
        }
        if (refused(context)) {
            return; // a locked app or customer gets no push
        }
        if (SecondFactorLockout.lock(session, context.getRealm(), context.getUser()).state() == SecondFactorLockout.LockState.BUSY) {
            // Nothing pushed, nothing counted: "try again in a moment", the message every step shows for it.
            context.challenge(busyPage(context));
            return;
        }
        // The customer's previous request, if nobody answered it ("try again", a newer sign-in, or one left
        // by a browser that walked away, however long ago it expired) counts once, or pushing again would be free;
        // first, so a request that ends here (busy, or the app now locked) spends no slot of the push limit.
        if (unansweredShown(context, Challenges.endLatest(attempt(context), now),
                () -> busyPage(context))) {
            return;
        }
        if (!PushLimit.take(store(context), context.getRealm(), context.getUser(), config, now)) {
            long retryAfter = PushLimit.retryAfter(store(context), context.getRealm(), context.getUser(), config, now);
            event(context).detail(AppEvents.RETRY_AFTER, String.valueOf(retryAfter)).error(AppEvents.LIMIT_REACHED);
            context.challenge(problemPage(context, CustomerError.APP_LIMIT_REACHED, true, Math.max(1, (retryAfter + 59) / 60)));
            return;
        }
        String eventId = EventIds.next(config.eventIdFormat());
        ApprovalChallenge challenge = new ApprovalChallenge(SecretGenerator.getInstance().randomString(32), context.getRealm().getId(),
                context.getUser().getId(), eventId,
                config.mode() == VerificationMode.SELECT ? EventIds.options(eventId, config.eventIdFormat()) : List.of(),
                config.mode().id(), clientName(context), coarseAddress(context.getConnection().getRemoteAddr()),
                browser(context.getHttpRequest().getHttpHeaders().getHeaderString("User-Agent")), now, now + config.expirySeconds(),
                SecretGenerator.getInstance().randomString(32), LinkedPayment.requested(context).orElse(null));
        Challenges.create(store(context), challenge, now);
        Challenges.leftForAnotherFactor(context.getAuthenticationSession(), challenge, now);
        context.getAuthenticationSession().setAuthNote(NOTE_CHALLENGE, challenge.id());
        push(context, config, challenge, devices);
        context.challenge(waitingPage(context, challenge, now, null));
    }

    /** "Send again": the same request, pushed again, within the push limit. */
    private void resend(AuthenticationFlowContext context, AppApprovalConfig config, ApprovalChallenge challenge, long now) {
        if (!PushLimit.take(store(context), context.getRealm(), context.getUser(), config, now)) {
            context.challenge(waitingPage(context, challenge, now, "appResendLimit"));
            return;
        }
        push(context, config, challenge, getCredentialProvider(context.getSession()).usableDevices(context.getUser(), Instant.ofEpochSecond(now)).toList());
        context.challenge(waitingPage(context, challenge, now, "appResent"));
    }

    private void push(AuthenticationFlowContext context, AppApprovalConfig config, ApprovalChallenge challenge, List<AppDeviceCredentialModel> devices) {
        PushAfterCommit.enlist(context.getSession(), config.pushSender(), context.getRealm(), context.getUser().getId(),
                context.getAuthenticationSession().getClient().getClientId(), challenge, devices);
    }

    /** After a decision: say what happened (again on a reload); only "try again" starts a new request. */
    private void finished(AuthenticationFlowContext context, CustomerError outcome) {
        context.getAuthenticationSession().removeAuthNote(NOTE_CHALLENGE);
        context.getAuthenticationSession().setAuthNote(NOTE_FINISHED, outcome.code());
        if (lockedOrBlocked(context)) {
            return; // the answer locked the app or used up this sign-in's guesses
        }
        context.challenge(problemPage(context, outcome, true));
    }

    /**
     * The outcome a reload shows again. A note this build cannot read (written by a node still on an
     * earlier build during a rolling update) reads as "the request ended": never an error page.
     */
    private static CustomerError outcome(String noted) {
        return CustomerError.byCode(noted).filter(error -> error.group() == CustomerError.Group.APP).orElse(CustomerError.APP_REPLACED);
    }

    /**
     * Lockout's page when the app is locked or this sign-in blocked; true when shown. Keycloak's own
     * account-wide lock (its quick-login check may trip on a denial) is asked for before a push and
     * at an approval ({@link #refused}), so a page that only shows an outcome shows it first.
     */
    private boolean lockedOrBlocked(AuthenticationFlowContext context) {
        return (FactorLocks.lockedNow(context.getUser(), Factor.APP) || SecondFactorLockout.isBlocked(context.getAuthenticationSession()))
                && refused(context);
    }

    /** Shows lockout's page when the app is locked, this sign-in blocked or the customer locked by Keycloak; true when it did. */
    private boolean refused(AuthenticationFlowContext context) {
        Answers.Verdict refused = Answers.refusal(attempt(context));
        if (refused == null) {
            return false;
        }
        context.forceChallenge(LockPages.refusal(context.form(), context.getRealm(), refused));
        return true;
    }

    /**
     * After a request nobody answered was ended ({@link Challenges#endUnanswered}, {@link Challenges#endLatest}:
     * counted as a wrong answer, or nothing counted when {@code verdict} is null): true when a page was
     * shown instead of going on. The count locked the app or blocked the sign-in: lockout's page. It
     * could not be counted now (another answer of the customer in flight; the request stays open):
     * {@code busy}, to try again.
     */
    private boolean unansweredShown(AuthenticationFlowContext context, Answers.Verdict verdict, Supplier<Response> busy) {
        if (verdict == null) {
            return false;
        }
        switch (verdict.outcome()) {
            case FACTOR_LOCKED, BLOCKED -> context.forceChallenge(LockPages.refusal(context.form(), context.getRealm(), verdict));
            case BUSY -> context.challenge(busy.get());
            default -> {
                return false;
            }
        }
        return true;
    }

    private static Answers.Attempt attempt(AuthenticationFlowContext context) {
        return Answers.Attempt.of(context, Factor.APP, event(context));
    }

    private Response waitingPage(AuthenticationFlowContext context, ApprovalChallenge challenge, long now, String info) {
        String statusUrl = context.getUriInfo().getBaseUriBuilder().path("realms").path(context.getRealm().getName())
                .path(DeviceApiResourceProviderFactory.ID).path("challenges").path(challenge.id()).path("status")
                .queryParam("key", challenge.browserKey()).build().toString();
        var form = warnedIfLastAttempt(context).setAttribute(AppPage.ATTRIBUTE, AppPage.waiting(challenge, now, statusUrl,
                context.getSession().getContext().resolveLocale(context.getUser())));
        if (info != null) {
            form.setInfo(info);
        }
        return form.createForm(TEMPLATE);
    }

    /** How the request ended, with its catalogue code; {@code minutesLeft} for the push limit, else 0. */
    private Response problemPage(AuthenticationFlowContext context, CustomerError outcome, boolean retry, long minutesLeft) {
        return warnedIfLastAttempt(context).setAttribute(AppPage.ATTRIBUTE,
                AppPage.problem(outcome.notice(context.getRealm()), minutesLeft, retry)).createForm(TEMPLATE);
    }

    /** Another answer of the customer is in flight: "try again in a moment", the message every step shows for it. */
    private static Response busyPage(AuthenticationFlowContext context) {
        return context.form().setAttribute(AppPage.ATTRIBUTE, AppPage.problem(null, 0, true))
                .setError(SecondFactorLockout.BUSY_MESSAGE).createForm(TEMPLATE);
    }

    private Response problemPage(AuthenticationFlowContext context, CustomerError outcome, boolean retry) {
        return problemPage(context, outcome, retry, 0);
    }

    /**
     * The step's form, with lockout's warning when the app's next counted outcome (a denial, a wrong
     * event ID, a request that expires or is replaced unanswered) would lock it for good: PSD2 RTS
     * art. 4 asks for a warning before a block becomes permanent. The device API, not this page,
     * judged the last answer, so the warning is read from the app's lock as stored; it is shown on
     * the outcome's page and on the page of the request that is the last attempt.
     */
    private static LoginFormsProvider warnedIfLastAttempt(AuthenticationFlowContext context) {
        return LockPages.lastAttemptWarningIfDue(context.form(), context.getRealm(), context.getUser(), Factor.APP);
    }

    private static EventBuilder event(AuthenticationFlowContext context) {
        return context.getEvent().clone().user(context.getUser()).detail(Details.CREDENTIAL_TYPE, AppDeviceCredentialModel.TYPE);
    }

    private static SingleUseObjectProvider store(AuthenticationFlowContext context) {
        return context.getSession().singleUseObjects();
    }

    /** The client as the customer knows it, in the sign-in's language: Keycloak's own clients are named by message key. */
    private static String clientName(AuthenticationFlowContext context) {
        return clientName(context.getSession(), context.getRealm(), context.getAuthenticationSession().getClient(),
                context.getSession().getContext().resolveLocale(context.getUser()));
    }

    /** The client's name as the customer knows it, in {@code locale}; also what a CIBA request shows. */
    static String clientName(KeycloakSession session, RealmModel realm, ClientModel client, Locale locale) {
        return LoginTexts.resolve(client.getName(), () -> LoginTexts.messages(session, realm, locale), client.getClientId());
    }

    /** The customer's network, not their address: the first two parts of an IPv4, the first three groups of an IPv6. */
    static String coarseAddress(String address) {
        if (address == null) {
            return "";
        }
        if (address.contains(":")) {
            String[] groups = address.split(":");
            return String.join(":", java.util.Arrays.copyOf(groups, Math.min(3, groups.length))) + "::/48";
        }
        String[] parts = address.split("\\.");
        return parts.length == 4 ? parts[0] + "." + parts[1] + ".x.x" : "";
    }

    /** "Chrome on Android": enough for the customer to recognise their own browser. */
    static String browser(String userAgent) {
        if (userAgent == null) {
            return "";
        }
        String name = userAgent.contains("Edg/") ? "Edge" : userAgent.contains("Firefox/") ? "Firefox"
                : userAgent.contains("Chrome/") ? "Chrome" : userAgent.contains("Safari/") ? "Safari" : "";
        String system = userAgent.contains("Android") ? "Android" : userAgent.contains("iPhone") || userAgent.contains("iPad") ? "iOS"
                : userAgent.contains("Windows") ? "Windows" : userAgent.contains("Mac OS") ? "macOS" : userAgent.contains("Linux") ? "Linux" : "";
        return (name + (name.isEmpty() || system.isEmpty() ? "" : " on ") + system).trim();
    }

    @Override
    public AppDeviceCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (AppDeviceCredentialProvider) session.getProvider(CredentialProvider.class, AppDeviceCredentialProviderFactory.PROVIDER_ID);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        // A locked app is not run as an alternative (the lock check step leaves it out of "Try another way"); where the app step is REQUIRED, Keycloak then
        // puts "activate the app" on the customer, which refuses a locked app too.
        return has(session, realm, user) && !FactorLocks.lockedNow(user, Factor.APP);
    }

    @Override
    public Factor factor() {
        return Factor.APP;
    }

    /** An app the customer has set up, locked or not. */
    @Override
    public boolean has(KeycloakSession session, RealmModel realm, UserModel user) {
        return getCredentialProvider(session).isConfiguredFor(realm, user, AppDeviceCredentialModel.TYPE);
    }

    private static int answerWithin(AuthenticationFlowContext context) {
        return AnswerClock.limit(context.getAuthenticatorConfig(), ANSWER_WITHIN);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        user.addRequiredAction(EnrollAppDeviceActionFactory.PROVIDER_ID);
    }

    /**
     * Keycloak lets a customer without a phone past a REQUIRED app step only to set one up, and only
     * while the bank has "activate the app" enabled; without this, a disabled action would be skipped
     * at the end and the password alone would sign in.
     */
    @Override
    public List<RequiredActionFactory> getRequiredActions(KeycloakSession session) {
        return List.of((RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, EnrollAppDeviceActionFactory.PROVIDER_ID));
    }

    @Override
    public void close() {
    }
}
