package io.nordicsca.demoweb;

import java.util.List;

/**
 * The demo realm's assurance levels ({@code acr} values), lowest first, as its {@code acr.loa.map}
 * publishes them (docs/relying-parties.md).
 */
enum Level {
    PASSWORD("urn:nordic-sca:loa:password"),
    SCA("urn:nordic-sca:loa:sca"),
    SCA_LINKED("urn:nordic-sca:loa:sca-linked");

    private static final List<Level> LADDER = List.of(values());

    private final String acr;

    Level(String acr) {
        this.acr = acr;
    }

    String acr() {
        return acr;
    }

    /** True when the token's {@code acr} is this level or a higher one; an unknown value never is. */
    boolean isMetBy(String acr) {
        return LADDER.stream().anyMatch(level -> level.acr.equals(acr) && level.ordinal() >= ordinal());
    }
}
