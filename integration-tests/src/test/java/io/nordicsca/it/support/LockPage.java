package io.nordicsca.it.support;

import org.jsoup.nodes.Element;

/**
 * Lockout's one page for a refused answer (login-nordic-sca-locked.ftl), read as the customer and
 * support read it: the error code of the catalogue (docs/error-codes.md), and for a lock that
 * lifts by itself, in how many minutes.
 */
public final class LockPage {

    public static final String NOTICE_ID = "nordic-sca-locked-notice";
    public static final String MINUTES_ID = "nordic-sca-locked-minutes";

    private LockPage() {
    }

    /** The error code on lockout's page (e.g. NSCA-2901), or null when the page is not lockout's page. */
    public static String code(Page page) {
        Element notice = page.document().getElementById(NOTICE_ID);
        return notice == null ? null : notice.attr("data-error-code");
    }

    /** The code of the warning before the answer that would lock a factor for good, on a step's own page, or null. */
    public static String warning(Page page) {
        Element notice = page.document().getElementById("nordic-sca-warning-notice");
        return notice == null ? null : notice.attr("data-error-code");
    }
}
