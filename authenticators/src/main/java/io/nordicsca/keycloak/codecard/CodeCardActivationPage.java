package io.nordicsca.keycloak.codecard;

/**
 * The activation page's model ({@value ActivateCodeCardAction#TEMPLATE}, attribute {@value #ATTRIBUTE}).
 * One state only (card number and one security number), so no state field.
 *
 * @param position the security number asked for
 * @param digits   how many digits a security number has
 */
public record CodeCardActivationPage(int position, int digits) {

    /** The form attribute the template reads (the same as the step's page: both are the code card's). */
    public static final String ATTRIBUTE = CodeCardPage.ATTRIBUTE;

    static CodeCardActivationPage of(CodeCardCredentialModel card, int position) {
        return new CodeCardActivationPage(position, card.digits());
    }
}
