package io.nordicsca.keycloak;

/**
 * Names shared by every Nordic SCA provider.
 */
public final class NordicSca {

    /** Every provider id of ours starts with this, so admins can tell ours from Keycloak's. */
    public static final String PROVIDER_PREFIX = "nordic-sca-";

    private NordicSca() {
    }

    /** The version of the provider jar, from its manifest; "development" when run from classes. */
    public static String version() {
        String version = NordicSca.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }
}
