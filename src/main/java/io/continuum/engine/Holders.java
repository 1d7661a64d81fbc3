package io.continuum.engine;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names lease holders uniquely per process and per invocation, so that two instances (or a timer
 * tick and an HTTP call in one instance) never both believe they hold an infrastructure.
 */
public final class Holders {

    private final String instance;
    private final AtomicLong invocations = new AtomicLong();

    /** @param instance this process's name, e.g. Azure's WEBSITE_INSTANCE_ID; a random one when absent */
    public Holders(String instance) {
        byte[] nonce = new byte[4];
        new SecureRandom().nextBytes(nonce);
        String random = HexFormat.of().formatHex(nonce);
        this.instance = instance == null || instance.isBlank() ? random
                : instance.substring(0, Math.min(12, instance.length())) + "-" + random;
    }

    /** A holder name for one piece of work, e.g. {@code advance op-1a2b@3f9c01aa#17}. */
    public String next(String purpose) {
        return purpose + "@" + instance + "#" + invocations.incrementAndGet();
    }
}
