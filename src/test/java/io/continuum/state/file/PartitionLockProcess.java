package io.continuum.state.file;

import java.nio.file.Path;

/**
 * Main class of the second process in {@link PartitionLockTest}: one thread holds partition
 * {@code args[0]} while another takes partition {@code args[1]}, then both let go.
 */
public final class PartitionLockProcess {

    private PartitionLockProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path held = Path.of(args[0]);
        Path wanted = Path.of(args[1]);
        try (PartitionLock ignored = PartitionLock.acquire(held)) {
            System.out.println("holds " + held.getFileName());
            Thread taker = new Thread(() -> {
                System.out.println("waits for " + wanted.getFileName());
                try (PartitionLock alsoIgnored = PartitionLock.acquire(wanted)) {
                    System.out.println("got " + wanted.getFileName());
                } catch (Exception e) {
                    System.out.println("failed: " + e);
                }
            });
            taker.start();
            taker.join(PartitionLock.WAIT.toMillis() + 10_000);
        }
    }
}
