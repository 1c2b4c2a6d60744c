package io.nordicsca.keycloak.app;

import io.nordicsca.keycloak.secondfactor.SlidingWindow;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * The one per-customer limit on approval requests pushed to the app (against push fatigue), shared
 * by the sign-in step, its "send again" and CIBA requests: the app step's "requests per customer per
 * window", counted in Keycloak's single-use store so every node sees every push.
 */
final class PushLimit {

    private PushLimit() {
    }

    /** Takes one push of the customer's window; false when the window is used up. */
    static boolean take(SingleUseObjectProvider store, RealmModel realm, UserModel user, AppApprovalConfig config, long now) {
        return SlidingWindow.take(store, base(realm, user), config.pushesPerWindow(), window(config), now) != null;
    }

    /** Seconds until the window frees a push (at least 1). */
    static long retryAfter(SingleUseObjectProvider store, RealmModel realm, UserModel user, AppApprovalConfig config, long now) {
        return SlidingWindow.retryAfter(store, base(realm, user), config.pushesPerWindow(), window(config), now);
    }

    private static String base(RealmModel realm, UserModel user) {
        return "nordic-sca.app.pushes." + realm.getId() + "." + user.getId();
    }

    private static long window(AppApprovalConfig config) {
        return config.windowMinutes() * 60L;
    }
}
