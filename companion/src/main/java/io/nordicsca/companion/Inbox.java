package io.nordicsca.companion;

import java.util.List;

/**
 * What {@code challenges/pending} tells a phone: the sign-ins waiting for its answer, and the
 * customer's new phones waiting for their activation delay to pass.
 */
public record Inbox(List<Challenge> challenges, List<Activation> activations) {

    public Inbox {
        challenges = List.copyOf(challenges);
        activations = List.copyOf(activations);
    }
}
