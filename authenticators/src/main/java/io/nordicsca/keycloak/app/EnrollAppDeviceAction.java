package io.nordicsca.keycloak.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.errors.ErrorNotice;
import io.nordicsca.keycloak.enrollment.StrongSignIn;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.LockPages;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Activates the bank's app on a phone: a QR code (and the same text) carrying a short-lived,
 * single-use enrollment token and the device API's address. The app posts its public key with a
 * proof of possession ({@link DeviceApiResource#enroll}); the customer then presses "Done".
 * Allowed only in a sign-in that already passed another strong factor (code card, SMS code...),
 * never on the password alone. Activating a new phone deactivates the old one unless the realm
 * allows several; an optional activation delay keeps a new phone unusable for a while. "Later" signs
 * in without the app and asks again at the next sign-in. Each page revokes the code it replaces.
 */
public class EnrollAppDeviceAction implements RequiredActionProvider {

    static final String TEMPLATE = "login-app-enroll.ftl";
    /** This sign-in's one live enrollment token (the QR code on the page). */
    private static final String NOTE_TOKEN = "nordic-sca.app.enroll.token";
    /** The customer chose "later" in this sign-in: do not ask again until the next one. */
    private static final String NOTE_LATER = "nordic-sca.app.enroll.later";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // Keycloak takes the action off the customer when "later" succeeds; the bank's request stands, so put it back.
        if (context.getAuthenticationSession().getAuthNote(NOTE_LATER) != null
                && context.getUser().getRequiredActionsStream().noneMatch(EnrollAppDeviceActionFactory.PROVIDER_ID::equals)) {
            context.getUser().addRequiredAction(EnrollAppDeviceActionFactory.PROVIDER_ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (refusedByLockout(context)) {
            return;
        }
        if (context.getAuthenticationSession().getAuthNote(NOTE_LATER) != null) {
            context.ignore(); // "later" in this sign-in; asked again at the next one
            return;
        }
        if (!provenByAnotherFactor(context)) {
            context.challenge(notAllowedPage(context));
            return;
        }
        if (enrolled(context)) {
            finish(context); // the phone used this page's code and the customer reloaded instead of pressing "Done"
            return;
        }
        context.challenge(qrPage(context, newToken(context), null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (refusedByLockout(context)) {
            return;
        }
        if (!provenByAnotherFactor(context)) {
            context.challenge(notAllowedPage(context));
            return;
        }
        if (context.getHttpRequest().getDecodedFormParameters().containsKey("later")) {
            revokeToken(context);
            authSession.setAuthNote(NOTE_LATER, "true");
            context.success(); // evaluateTriggers keeps the action on the customer for the next sign-in
            return;
        }
        if (enrolled(context)) {
            finish(context);
            return;
        }
        // Not yet (or the token lapsed): show a fresh code with a hint.
        context.challenge(qrPage(context, newToken(context), "appEnrollNotYet"));
    }

    private static boolean enrolled(RequiredActionContext context) {
        return EnrollmentTokens.enrolledDevice(context.getSession().singleUseObjects(), context.getAuthenticationSession().getAuthNote(NOTE_TOKEN)) != null;
    }

    private static void finish(RequiredActionContext context) {
        revokeToken(context);
        context.success();
    }

    /** This sign-in's token can enroll nothing any more. */
    private static void revokeToken(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        EnrollmentTokens.revoke(context.getSession().singleUseObjects(), authSession.getAuthNote(NOTE_TOKEN));
        authSession.removeAuthNote(NOTE_TOKEN);
    }

    /** This sign-in passed one of the factors the bank lets vouch for a new phone (never the password alone). */
    private static boolean provenByAnotherFactor(RequiredActionContext context) {
        return StrongSignIn.passedOneOf(context.getAuthenticationSession(), AppEnrollConfig.from(config(context)).proofFactors());
    }

    /** A new code for a new page; the one shown before is revoked, so a sign-in has at most one live code. */
    private String newToken(RequiredActionContext context) {
        revokeToken(context);
        String token = EnrollmentTokens.issue(context.getSession().singleUseObjects(), new EnrollmentTokens.Grant(
                context.getRealm().getId(), context.getUser().getId(),
                delayMinutes(context) * 60L, AppEnrollConfig.from(config(context)).severalDevices()));
        context.getAuthenticationSession().setAuthNote(NOTE_TOKEN, token);
        return token;
    }

    private static int delayMinutes(RequiredActionContext context) {
        return AppEnrollConfig.from(config(context)).delayMinutes();
    }

    private Response qrPage(RequiredActionContext context, String token, String info) {
        String api = context.getUriInfo().getBaseUriBuilder().path("realms").path(context.getRealm().getName())
                .path(DeviceApiResourceProviderFactory.ID).build().toString();
        String payload = "nordicsca://enroll?api=" + URLEncoder.encode(api, StandardCharsets.UTF_8) + "&token=" + token;
        var form = context.form().setAttribute(AppEnrollPage.ATTRIBUTE, AppEnrollPage.enroll(payload, qrDataUri(payload),
                EnrollmentTokens.LIFESPAN_SECONDS / 60, delayMinutes(context)));
        if (info != null) {
            form.setInfo(info);
        }
        return form.createForm(TEMPLATE);
    }

    private static Response notAllowedPage(RequiredActionContext context) {
        return context.form().setAttribute(AppEnrollPage.ATTRIBUTE, AppEnrollPage.notAllowed())
                .setAttribute(ErrorNotice.ATTRIBUTE, CustomerError.APP_ACTIVATION_NEEDS_STRONG_SIGN_IN.notice(context.getRealm()))
                .createForm(TEMPLATE);
    }

    /** The QR code as a PNG data URI, made with ZXing, which Keycloak itself ships for its OTP page. */
    static String qrDataUri(String payload) {
        try (ByteArrayOutputStream png = new ByteArrayOutputStream()) {
            MatrixToImageWriter.writeToStream(new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 240, 240), "png", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException e) {
            throw new IllegalStateException("QR code for the enrollment payload", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> config(RequiredActionContext context) {
        RequiredActionConfigModel model = context.getConfig();
        return model == null ? null : model.getConfig();
    }

    @Override
    public void close() {
    }

    /**
     * A locked app is opened by the bank; activating the app again does not open it, so a locked
     * customer gets lockout's page here and no way to sign in past it.
     */
    private static boolean refusedByLockout(RequiredActionContext context) {
        Answers.Verdict refused = Answers.refusal(Answers.Attempt.of(context, Factor.APP,
                context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL).user(context.getUser())));
        if (refused == null) {
            return false;
        }
        context.challenge(LockPages.refusal(context.form(), context.getRealm(), refused));
        return true;
    }
}
