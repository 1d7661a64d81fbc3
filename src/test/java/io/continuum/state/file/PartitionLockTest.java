package io.continuum.state.file;

import io.continuum.state.ChildJvm;
import io.continuum.state.ProcessLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Partition locks between processes whose threads hold different partitions. */
class PartitionLockTest {

    @TempDir
    Path dir;

    /**
     * Process A (this JVM) holds X on one thread and wants Y on another; process B holds Y and wants X.
     * No thread waits for itself, but a blocking file lock on Linux saw a cycle between the two
     * processes and failed with "Resource deadlock avoided" (a 503 of several instances sharing the
     * store). Both must simply wait until X is released.
     */
    @Test
    void threadsOfTwoProcessesWaitingCrosswiseForTwoPartitionsAllGetThem() throws Exception {
        Path x = Files.createDirectory(dir.resolve("x"));
        Path y = Files.createDirectory(dir.resolve("y"));
        PartitionLock heldX = PartitionLock.acquire(x);
        Process other = new ProcessBuilder(ChildJvm.command(PartitionLockProcess.class, y.toString(), x.toString()))
                .redirectErrorStream(true).start();
        ProcessLines output = new ProcessLines("lock process", other);
        boolean released = false;
        try {
            output.await("waits for x"::equals, "'waits for x'", 60);
            Thread.sleep(300); // its thread is now waiting for x, held here

            CompletableFuture<Void> takeY = CompletableFuture.runAsync(() -> {
                try (PartitionLock ignored = PartitionLock.acquire(y)) {
                    // taken and released
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThrows(TimeoutException.class, () -> takeY.get(500, TimeUnit.MILLISECONDS),
                    "y is held by the other process, which waits for x: this thread waits too, and does not fail");

            heldX.close();
            released = true;
            takeY.get(PartitionLock.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(other.waitFor(60, TimeUnit.SECONDS), "the other process ends once it has had x");
            output.awaitEnd(10);
            assertTrue(output.text().contains("got x\n"), output.text());
            assertEquals(0, other.exitValue(), output.text());
        } finally {
            if (!released) {
                heldX.close();
            }
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
