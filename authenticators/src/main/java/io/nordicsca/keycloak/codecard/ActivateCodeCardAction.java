package io.nordicsca.keycloak.codecard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

import io.nordicsca.keycloak.enrollment.StrongSignIn;
import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.errors.ErrorNotice;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.LockPages;
import io.nordicsca.keycloak.lockout.SecondFactorLockout;
import io.nordicsca.keycloak.secondfactor.TypedCode;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Activates a code card the bank mailed: the customer types the card number and the security
 * number at one random position, proving they hold that card. Allowed only in a sign-in that
 * already passed another strong factor; in a password-only sign-in the action waits for a later one.
 * "Later" lets a customer whose card is still in the post sign in; the action asks again next time.
 * Wrong answers count towards brute-force lockout like the code card step's.
 */
public class ActivateCodeCardAction implements RequiredActionProvider {

    static final String TEMPLATE = "login-code-card-activate.ftl";
    private static final String NOTE_CARD = "nordic-sca.code-card.activate.card";
    private static final String NOTE_POSITION = "nordic-sca.code-card.activate.position";
    /** The customer chose "activate later" in this sign-in: do not ask again until the next one. */
    private static final String NOTE_LATER = "nordic-sca.code-card.activate.later";

    private final SecureRandom random = new SecureRandom();

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        if (context.getAuthenticationSession().getAuthNote(NOTE_LATER) != null) {
            return;
        }
        if (cardToActivate(context).isPresent() && context.getUser().getRequiredActionsStream().noneMatch(ActivateCodeCardActionFactory.PROVIDER_ID::equals)) {
            context.getUser().addRequiredAction(ActivateCodeCardActionFactory.PROVIDER_ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        Optional<CodeCardCredentialModel> card = cardToActivate(context);
        if (card.isEmpty()) {
            context.success();
            return;
        }
        if (!StrongSignIn.passedOtherThan(context.getAuthenticationSession(), CodeCardCredentialModel.TYPE)) {
            context.ignore();
            return;
        }
        context.challenge(page(context, card.get(), positionFor(context.getAuthenticationSession(), card.get()), null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<CodeCardCredentialModel> found = cardToActivate(context);
        String position = authSession.getAuthNote(NOTE_POSITION);
        if (found.isEmpty() || position == null || !found.get().getId().equals(authSession.getAuthNote(NOTE_CARD))
                || !StrongSignIn.passedOtherThan(authSession, CodeCardCredentialModel.TYPE)) {
            context.success(); // nothing to activate here now (card changed, or no strong sign-in); asked again next time
            return;
        }
        CodeCardCredentialModel card = found.get();
        int asked = Integer.parseInt(position);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("later")) {
            // The card may still be in the post: sign in now, activate at a later sign-in (evaluateTriggers asks again).
            authSession.setAuthNote(NOTE_LATER, "true");
            context.success();
            return;
        }
        if (!provider(context).canCheck(card)) {
            // Sealed with a pepper the bank has retired: this card cannot be activated, and no answer is looked at.
            context.challenge(page(context, card, asked, CustomerError.CARD_CANNOT_BE_CHECKED, "codeCardRevoked"));
            return;
        }

        TypedCode.Problem formProblem = TypedCode.problem(form.getFirst(CodeCardAuthenticator.FIELD), card.digits());
        if (formProblem != null) {
            context.challenge(page(context, card, asked, new FormMessage(CodeCardAuthenticator.FIELD, CodeCardAuthenticator.message(formProblem), card.digits())));
            return;
        }
        UserModel user = context.getUser();
        EventBuilder event = context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, CodeCardCredentialModel.TYPE)
                .detail(CodeCardEvents.ACTION, CodeCardEvents.ACTIVATED)
                .detail(CodeCardEvents.POSITION, position);
        // Serial and number are one answer: a wrong serial is as much a guess as a wrong number.
        Answers.Verdict verdict = Answers.check(Answers.Attempt.of(context, Factor.CODE_CARD, event), () -> {
            boolean serialRight = sameDigits(card.serial(), form.getFirst("serial"));
            boolean codeRight;
            try {
                codeRight = provider(context).matches(card, asked, TypedCode.normalize(form.getFirst(CodeCardAuthenticator.FIELD)));
            } catch (CellPeppers.Unavailable e) {
                throw new Answers.NotChecked(e);
            }
            return serialRight & codeRight;
        });
        switch (verdict.outcome()) {
            case RIGHT -> { }
            case WRONG -> {
                if (verdict.lastAttempt()) {
                    LockPages.lastAttemptWarning(context.form(), context.getRealm(), Factor.CODE_CARD); // the same form the page below fills
                }
                context.challenge(page(context, card, asked, CustomerError.CARD_ACTIVATION_WRONG, "codeCardActivateInvalid"));
                return;
            }
            case BUSY -> {
                context.challenge(page(context, card, asked, CustomerError.ATTEMPT_IN_PROGRESS, SecondFactorLockout.BUSY_MESSAGE));
                return;
            }
            case NOT_CHECKED -> {
                context.challenge(page(context, card, asked, CustomerError.CARD_CANNOT_BE_CHECKED, "codeCardRevoked"));
                return;
            }
            default -> {
                context.challenge(LockPages.refusal(context.form(), context.getRealm(), verdict));
                return;
            }
        }
        if (!provider(context).activate(user, card, asked)) { // the bank revoked or replaced it meanwhile
            context.challenge(page(context, card, asked, CustomerError.CARD_REVOKED, "codeCardRevoked"));
            return;
        }
        for (String note : new String[] {NOTE_CARD, NOTE_POSITION}) {
            authSession.removeAuthNote(note);
        }
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, CodeCardCredentialModel.TYPE)
                .detail(CodeCardEvents.ACTION, CodeCardEvents.ACTIVATED)
                .detail(CodeCardEvents.CARD, card.serialEnding())
                .success();
        context.success();
    }

    private Optional<CodeCardCredentialModel> cardToActivate(RequiredActionContext context) {
        return provider(context).cards(context.getUser()).filter(card -> card.status() == CodeCardStatus.ISSUED).findFirst();
    }

    private int positionFor(AuthenticationSessionModel authSession, CodeCardCredentialModel card) {
        String kept = authSession.getAuthNote(NOTE_POSITION);
        if (kept != null && card.getId().equals(authSession.getAuthNote(NOTE_CARD))) {
            return Integer.parseInt(kept);
        }
        int position = 1 + random.nextInt(card.positions());
        authSession.setAuthNote(NOTE_CARD, card.getId());
        authSession.setAuthNote(NOTE_POSITION, String.valueOf(position));
        return position;
    }

    /** The page with a failure under the code field: the field's message, and the failure's code under it. */
    private Response page(RequiredActionContext context, CodeCardCredentialModel card, int position, CustomerError failure, String messageKey) {
        ErrorNotice.fieldError(context.form(), failure, new FormMessage(CodeCardAuthenticator.FIELD, messageKey));
        return page(context, card, position, null); // the same form, with the message above
    }

    private Response page(RequiredActionContext context, CodeCardCredentialModel card, int position, FormMessage error) {
        var form = context.form().setAttribute(CodeCardActivationPage.ATTRIBUTE, CodeCardActivationPage.of(card, position));
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    /** The serial as typed ("1234 5678", "12345678") against the card's, compared in constant time. */
    private static boolean sameDigits(String serial, String typed) {
        byte[] expected = serial.replaceAll("\\D", "").getBytes(StandardCharsets.US_ASCII);
        byte[] actual = (typed == null ? "" : typed.replaceAll("\\D", "")).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private static CodeCardCredentialProvider provider(RequiredActionContext context) {
        return (CodeCardCredentialProvider) context.getSession().getProvider(CredentialProvider.class, CodeCardCredentialProviderFactory.PROVIDER_ID);
    }

    @Override
    public void close() {
    }
}
