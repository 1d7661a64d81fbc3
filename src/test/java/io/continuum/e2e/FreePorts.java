package io.continuum.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a block of consecutive free TCP ports on 127.0.0.1 for processes a test starts.
 *
 * <p>Ports come from below the kernel's ephemeral range ({@code ip_local_port_range}): a port in
 * that range can be taken by any outgoing connection (the brokers' own included) between the
 * check and its use. A block is also reserved for this JVM's life with a lock file, so two test
 * runs on one machine never hand out the same block.
 */
public final class FreePorts {

    /** Lowest port handed out: above the well-known and registered ports our templates use by default. */
    static final int LOWEST = 20_000;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "continuum-test-ports");
    /** Held until the JVM exits; the OS drops the locks of a JVM that dies. */
    private static final List<FileLock> HELD = new CopyOnWriteArrayList<>();

    private FreePorts() {
    }

    /** Blocks are aligned to this size and reserved whole, so two reservations never overlap. */
    static final int BLOCK = 64;

    public static int block(int size) {
        if (size < 1 || size > BLOCK) {
            throw new IllegalArgumentException("a block holds 1 to " + BLOCK + " ports, asked for " + size);
        }
        int buckets = (ephemeralLow() - LOWEST) / BLOCK;
        if (buckets < 1) {
            throw new IllegalStateException("no room below the ephemeral range for " + size + " ports");
        }
        for (int attempt = 0; attempt < 500; attempt++) {
            int base = LOWEST + ThreadLocalRandom.current().nextInt(buckets) * BLOCK;
            if (reserve(base) && free(base, size)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + size + " free ports found on 127.0.0.1 below " + ephemeralLow());
    }

    /** The first port of {@code /proc/sys/net/ipv4/ip_local_port_range} (Linux's default when unreadable). */
    static int ephemeralLow() {
        // Files.readString trusts the file's reported size, which /proc gives wrongly: read the stream.
        try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean reserve(int base) {
        try {
            Files.createDirectories(LOCKS);
            FileChannel channel = FileChannel.open(LOCKS.resolve(Integer.toString(base)),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            HELD.add(lock);
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // this JVM holds it already
        } catch (IOException e) {
            return true; // no lock directory: the bind check below still guards
        }
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
