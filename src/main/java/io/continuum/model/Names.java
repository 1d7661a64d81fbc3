package io.continuum.model;

import java.util.Locale;
import java.util.regex.Pattern;

/** Node and infrastructure names become cloud resource names and DNS labels (ACI wants them lowercase). */
public final class Names {

    private static final Pattern VALID = Pattern.compile("[a-z0-9-]{1,63}");

    private Names() {
    }

    public static boolean isValid(String name) {
        return VALID.matcher(name).matches();
    }

    /** Why a name is invalid, with the name to use instead where one can be derived. */
    public static String explain(String name) {
        String fixed = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (fixed.length() > 63) {
            fixed = fixed.substring(0, 63);
        }
        String rule = "'" + name + "' is not a valid name: use 1 to 63 characters of a-z, 0-9 and '-' "
                + "(names become cloud resource names and DNS labels)";
        return fixed.isEmpty() || fixed.equals(name) ? rule : rule + "; did you mean '" + fixed + "'?";
    }
}
