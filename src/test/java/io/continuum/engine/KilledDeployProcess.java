package io.continuum.engine;

import io.continuum.engine.CrashRecoveryTest.CrashingCloud;
import io.continuum.engine.CrashRecoveryTest.CrashingStore;
import io.continuum.engine.CrashRecoveryTest.Fuse;
import io.continuum.state.file.FileStateStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator's host process for {@link KilledProcessRecoveryTest}: converges a recorded
 * deploy over the file store and a {@link DiskCloud}, and sends itself SIGKILL right after its
 * n-th state write or cloud call (n = 0: never; it then prints how many there were).
 * Arguments: state dir, cloud dir, infrastructure id, n.
 */
public final class KilledDeployProcess {

    private KilledDeployProcess() {
    }

    public static void main(String[] args) {
        int killAt = Integer.parseInt(args[3]);
        Fuse fuse = new Fuse(killAt == 0 ? Integer.MAX_VALUE : killAt, KilledDeployProcess::killSelf);
        try (EngineHarness engine = new EngineHarness(new CrashingStore(new FileStateStore(Path.of(args[0])), fuse),
                List.of(new CrashingCloud(new DiskCloud(Path.of(args[1])), fuse)), 4, Clock.systemUTC())) {
            engine.converge(args[2], 20);
        }
        System.out.println("events=" + fuse.count.get());
    }

    /** kill -9 of this process, as an operator or the OOM killer would; no finally block runs after it. */
    private static void killSelf() {
        try {
            new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).start().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(10_000); // SIGKILL is asynchronous: wait for it here
        } catch (IOException | InterruptedException e) {
            Runtime.getRuntime().halt(137); // no kill command: die as abruptly
        }
        Runtime.getRuntime().halt(137);
    }
}
