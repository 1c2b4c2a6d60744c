package io.nordicsca.it.support;

/** The app approval pages, read and answered as a customer does. */
public final class AppStep {

    public static final String WAIT_FORM = "kc-app-form";
    public static final String ENROLL_FORM = "kc-app-enroll-form";
    public static final String RETRY_FORM = "kc-app-retry-form";
    /** The catalogue notice of a request that ended (errorNotice with id "app-outcome"): its problem and phone paragraphs. */
    public static final String OUTCOME_PROBLEM_ID = "app-outcome-problem";
    public static final String OUTCOME_PHONE_ID = "app-outcome-phone";

    private AppStep() {
    }

    public static boolean isWaitingPage(Page page) {
        return page.document().getElementById(WAIT_FORM) != null;
    }

    /** The event ID the browser shows. */
    public static String eventId(Page page) {
        String eventId = page.textOf("app-event-id");
        if (eventId == null) {
            throw new AssertionError("Not the app approval page: " + page + "\n" + page.body());
        }
        return eventId;
    }

    /** The catalogue code of how the request ended (e.g. NSCA-4004), as support reads it; null when the page shows none. */
    public static String outcome(Page page) {
        org.jsoup.nodes.Element notice = page.document().getElementById("app-outcome-notice");
        return notice == null ? null : notice.attr("data-error-code");
    }

    /** "Try again" on the page of a request that ended. */
    public static Page tryAgain(Page ended) {
        return ended.form(RETRY_FORM).set("retry", "true").submit();
    }

    /** What the page's script does once the app answered (and what "I have approved" does without it). */
    public static Page continueAfterAnswer(Page waiting) {
        return waiting.form(WAIT_FORM).submit();
    }

    /** The enrollment payload shown beside the QR code. */
    public static String enrollmentPayload(Page page) {
        String payload = page.textOf("app-enroll-payload");
        if (payload == null) {
            throw new AssertionError("Not the app enrollment page: " + page + "\n" + page.body());
        }
        return payload;
    }

    /** Presses "Done" on the enrollment page. */
    public static Page enrollmentDone(Page page) {
        return page.form(ENROLL_FORM).set("done", "true").submit();
    }
}
