package io.continuum.cloud.azure.arm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Azure names and DNS labels derived from Continuum's deterministic resource names. */
public final class AzureNames {

    private AzureNames() {
    }

    /**
     * The name in lowercase letters, digits and hyphens, at most {@code max} characters. A longer name
     * keeps its head and gets a hash of the whole, so distinct names stay distinct; a name that
     * already fits is unchanged, so fitting twice changes nothing.
     */
    public static String fit(String name, int max) {
        String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (clean.length() <= max) {
            return clean;
        }
        String hash = sha256(name).substring(0, 8);
        return clean.substring(0, max - hash.length() - 1).replaceAll("-+$", "") + "-" + hash;
    }

    /** ARM location names are lowercase without spaces ("West Europe" is "westeurope"). */
    public static String location(String location) {
        return location.toLowerCase(Locale.ROOT).replace(" ", "");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
