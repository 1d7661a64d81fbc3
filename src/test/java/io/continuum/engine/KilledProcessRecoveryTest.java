package io.continuum.engine;

import io.continuum.state.ChildJvm;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host process really killed (SIGKILL) after each state write and cloud call of a deploy in
 * turn; a new process over the same state and the same cloud converges to the desired topology
 * with no resource created twice and no orphan. {@link CrashRecoveryTest} does the same in one
 * JVM, where it can also check every interleaving quickly; this one proves that nothing the engine
 * relies on lives only in a process's memory or unflushed buffers.
 */
class KilledProcessRecoveryTest {

    private static final String INFRA_ID = "seed-killed1";

    @TempDir
    Path dir;

    @Test
    void aDeployKilledAtEveryStepResumesInANewProcess() throws Exception {
        Path clean = dir.resolve("clean");
        record(clean);
        String out = run(clean, 0);
        int events = Integer.parseInt(out.lines().filter(l -> l.startsWith("events=")).findFirst()
                .orElseThrow(() -> new AssertionError("the uninterrupted deploy did not finish:\n" + out)).substring(7));
        assertEquals(16, events, "a deploy of 5 nodes makes 10 cloud calls and 6 state writes (batches)");
        assertConverged(clean, "uninterrupted");

        for (int killAt = 1; killAt <= events; killAt++) {
            Path run = dir.resolve("kill-" + killAt);
            record(run);
            Process child = start(run, killAt);
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ended");
            assertEquals(137, child.exitValue(), "killed by SIGKILL after event " + killAt + ":\n" + output(run));
            assertConverged(run, "killed after event " + killAt);
        }
        System.out.printf("[measure] deploy of 1 + 2 + 2 nodes, host process killed (SIGKILL) after each of its %d state"
                + " writes and cloud calls in turn: %d of %d resumed in a new process without duplicate or orphan%n",
                events, events, events);
    }

    private void record(Path run) {
        try (EngineHarness h = new EngineHarness(new FileStateStore(run.resolve("state")),
                List.of(new DiskCloud(run.resolve("cloud"))), 1, Clock.systemUTC())) {
            h.record(EngineHarness.seedLike(1, 2, 2), INFRA_ID);
        }
    }

    /** A new process's view: converge what the killed one left, then check it. */
    private static void assertConverged(Path run, String what) {
        DiskCloud cloud = new DiskCloud(run.resolve("cloud"));
        try (EngineHarness next = new EngineHarness(new FileStateStore(run.resolve("state")), List.of(cloud), 4,
                Clock.systemUTC())) {
            next.converge(INFRA_ID, 20);
            List<NodeRecord> nodes = next.repo.nodes(INFRA_ID).stream().map(Stored::value).toList();
            Set<String> recorded = nodes.stream().map(n -> n.resource().name()).collect(Collectors.toSet());
            assertEquals(5, nodes.size(), what + ": 1 + 2 + 2 instances");
            assertTrue(nodes.stream().allMatch(n -> n.phase() == NodePhase.READY), what);
            assertEquals(recorded, cloud.resources(), what + ": no orphan, none missing");
            assertEquals(5, cloud.creates().size(), what + ": no resource created twice " + cloud.creates());
        }
    }

    private static String run(Path run, int killAt) throws IOException, InterruptedException {
        Process child = start(run, killAt);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ended");
        assertEquals(0, child.exitValue(), output(run));
        return output(run);
    }

    private static Process start(Path run, int killAt) throws IOException {
        List<String> command = ChildJvm.command(KilledDeployProcess.class, run.resolve("state").toString(),
                run.resolve("cloud").toString(), INFRA_ID, String.valueOf(killAt));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(run.resolve("child.log").toFile())
                .start();
    }

    private static String output(Path run) throws IOException {
        return Files.readString(run.resolve("child.log"));
    }
}
