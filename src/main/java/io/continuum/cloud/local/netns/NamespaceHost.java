package io.continuum.cloud.local.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this host can make the local cloud's networks: Linux, root (namespaces, veth pairs and
 * routes need CAP_NET_ADMIN), and iproute2's {@code ip netns}. Asked once per process: it does not
 * change while Continuum runs, and the parser asks for every description it reads.
 */
final class NamespaceHost {

    private static final String HOW = "run Continuum as root on Linux with iproute2, or leave out 'network' to run the node on 127.0.0.1";

    private NamespaceHost() {
    }

    /** Probed on first use (the holder class idiom): processes that never ask never run {@code ip}. */
    private static final class Probed {
        static final Optional<String> REFUSAL = probe().map(why -> "this host cannot make local networks (" + why + "); " + HOW);
    }

    static Optional<String> refusal() {
        return Probed.REFUSAL;
    }

    private static Optional<String> probe() {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return Optional.of("not Linux: no /proc/self/status");
        }
        boolean root = status.lines().filter(l -> l.startsWith("Uid:")).findFirst()
                .map(l -> l.split("\\s+")[2].equals("0")).orElse(false); // effective uid
        if (!root) {
            return Optional.of("not running as root");
        }
        try {
            Ip.run("netns", "list");
            return Optional.empty();
        } catch (Ip.Failure f) {
            return Optional.of("'ip netns' does not work: " + f.getMessage());
        }
    }
}
