package io.nordicsca.it.support;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

/** The SMS code page, read and answered as a customer does, and the step's settings in a test realm. */
public final class SmsStep {

    public static final String FORM = "kc-sms-form";
    public static final String RESEND_FORM = "kc-sms-resend-form";
    public static final String ERROR_ID = "input-error-code";
    /**
     * What tests change in the demo's SMS settings: Twilio (the stand-in) instead of the demo's log
     * sender, and a generous per-IP limit, because every test comes from 127.0.0.1 and the test
     * classes' realms share the demo realm's id (the limits count per realm).
     */
    /** The register-mobile-number required action. */
    public static final String REGISTER_PHONE = "nordic-sca-register-phone";

    public static final Map<String, String> FOR_TESTS = Map.of("sender", "twilio", "sendsPerAddress", "1000");

    private SmsStep() {
    }

    /** Element ids of the SMS step's error notice (the catalogue's code, problem, solution, the bank's number and hours). */
    public static final String NOTICE_ID = "sms-notice";

    /**
     * The error code of the SMS page's notice (no code can be asked for now, e.g. NSCA-3202), or null when the page
     * has none.
     */
    public static String noticeCode(Page page) {
        var notice = page.document().getElementById(NOTICE_ID);
        return notice == null ? null : notice.attr("data-error-code");
    }

    public static boolean isCodePage(Page page) {
        return page.document().getElementById(FORM) != null;
    }

    public static Page answer(Page page, String code) {
        if (!isCodePage(page)) {
            throw new AssertionError("Not the SMS code page: " + page + "\n" + page.body());
        }
        return page.form(FORM).set("code", code).submit();
    }

    /** Presses "Send a new code". */
    public static Page resend(Page page) {
        return page.form(RESEND_FORM).set("resend", "true").submit();
    }

    /** The message keycloak.v2 shows above the form (errors and notices that belong to no field). */
    public static String alert(Page page) {
        var alert = page.document().selectFirst(".pf-v5-c-alert__title, .kc-feedback-text");
        return alert == null ? null : alert.text();
    }

    /**
     * Sets the demo SMS step's settings in this test's realm: the demo realm's settings as shipped,
     * then {@link #FOR_TESTS}, then the given ones. Earlier changes in the same realm are undone.
     */
    public static void configure(ManagedRealm realm, Map<String, String> settings) {
        configure(realm.admin(), settings);
    }

    /** As {@link #configure(ManagedRealm, Map)}, in a realm outside the test framework (the cluster's). */
    public static void configure(RealmResource realm, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(FOR_TESTS);
        values.putAll(settings);
        DemoRealm.configureStep(realm, "nordic-sca-sms-otp", values);
    }

    /**
     * Turns on the register-mobile-number required action (off in the demo realm) with the demo's
     * settings for it, {@link #FOR_TESTS}, then the given ones.
     */
    public static void allowPhoneRegistration(ManagedRealm realm, Map<String, String> settings) {
        RequiredActionProviderRepresentation action = realm.admin().flows().getRequiredAction(REGISTER_PHONE);
        action.setEnabled(true);
        realm.admin().flows().updateRequiredAction(REGISTER_PHONE, action);
        RequiredActionConfigRepresentation config = realm.admin().flows().getRequiredActionConfig(REGISTER_PHONE);
        config.getConfig().putAll(FOR_TESTS);
        config.getConfig().putAll(settings);
        realm.admin().flows().updateRequiredActionConfig(REGISTER_PHONE, config);
    }
}
