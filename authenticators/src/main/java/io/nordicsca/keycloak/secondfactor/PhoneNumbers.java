package io.nordicsca.keycloak.secondfactor;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * Mobile numbers as the SMS step (and whatever imitates or shows it: the unlock decoy, the desk) sees them: parsed with Google's libphonenumber, kept and sent in
 * E.164 ("+46701234567"), and shown masked everywhere ("+46•••••67"): country code and last two
 * digits, enough for the customer to recognise their own number and no more.
 */
public final class PhoneNumbers {

    /** The user attribute holding the customer's mobile number (map LDAP's mobile here). */
    public static final String ATTRIBUTE = "phoneNumber";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int MAX_INPUT = 40;

    private PhoneNumbers() {
    }

    /** Why a typed or stored number cannot be used. */
    public enum Problem { MISSING, INVALID, NOT_MOBILE }

    /** A number in E.164, or the problem with it. */
    public record Parsed(String e164, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * @param raw           as typed or stored: "+46 70-123 45 67", "070 123 45 67", "0046701234567"
     * @param defaultRegion ISO 3166 country ("SE") for numbers written without a country code
     */
    public static Parsed parse(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            return new Parsed(null, Problem.MISSING);
        }
        if (raw.length() > MAX_INPUT) {
            return new Parsed(null, Problem.INVALID);
        }
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(raw.trim(), defaultRegion == null ? "ZZ" : defaultRegion.toUpperCase(Locale.ROOT));
            if (!UTIL.isValidNumber(number)) {
                return new Parsed(null, Problem.INVALID);
            }
            PhoneNumberType type = UTIL.getNumberType(number);
            if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
                return new Parsed(null, Problem.NOT_MOBILE);
            }
            return new Parsed(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null);
        } catch (NumberParseException e) {
            return new Parsed(null, Problem.INVALID);
        }
    }

    /** "+46701234567" → "+46•••••••67". Never fails: anything unparseable is masked whole. */
    public static String mask(String e164) {
        if (e164 == null || e164.length() < 6) {
            return "•••";
        }
        int countryDigits = countryCodeLength(e164);
        String head = e164.substring(0, 1 + countryDigits);
        String tail = e164.substring(e164.length() - 2);
        return head + "•".repeat(e164.length() - head.length() - 2) + tail;
    }

    /**
     * A plausible mobile number of {@code region} ending in {@code ending} (0-99), in E.164: for a
     * page that must look like the SMS step's for someone who has no number (the unlock decoy).
     */
    public static String exampleMobile(String region, int ending) {
        Phonenumber.PhoneNumber example = UTIL.getExampleNumberForType(region == null ? "SE" : region.toUpperCase(Locale.ROOT), PhoneNumberType.MOBILE);
        String e164 = example == null ? "+46700000000" : UTIL.format(example, PhoneNumberUtil.PhoneNumberFormat.E164);
        return e164.substring(0, e164.length() - 2) + String.format("%02d", Math.floorMod(ending, 100));
    }

    /** True when the number starts with one of the allowed prefixes ("+46", "+4670"); an empty list allows all. */
    public static boolean allowed(String e164, List<String> allowedPrefixes) {
        return allowedPrefixes.isEmpty() || allowedPrefixes.stream().anyMatch(e164::startsWith);
    }

    private static int countryCodeLength(String e164) {
        try {
            return String.valueOf(UTIL.parse(e164, "ZZ").getCountryCode()).length();
        } catch (NumberParseException e) {
            return 1;
        }
    }
}
