package io.continuum.engine;


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
        String hash = Digests.sha256(name).substring(0, 8);
        return name.substring(0, MAX - 9).replaceAll("-+$", "") + "-" + hash;
    }
}
