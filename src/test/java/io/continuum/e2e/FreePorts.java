package io.continuum.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds a block of consecutive free TCP ports on 127.0.0.1. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int block(int size) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (free(base, size)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + size + " free ports found on 127.0.0.1");
    }

    private static boolean free(int base, int size) {
        for (int p = base; p < base + size; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
