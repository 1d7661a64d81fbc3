package io.continuum.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A node instance's resource name: derived from infrastructure and node id, so a handler can find
 * what it created before a crash. Kept a valid DNS label (≤ 63 characters, lowercase).
 */
public final class ResourceNames {

    private static final int MAX = 63;

    private ResourceNames() {
    }

    public static String of(String infraId, String nodeId) {
        String name = infraId + "-" + nodeId;
        if (name.length() <= MAX) {
            return name;
        }
        String hash = sha256(name).substring(0, 8);
        return name.substring(0, MAX - 9).replaceAll("-+$", "") + "-" + hash;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
