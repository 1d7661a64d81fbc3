package io.continuum.engine;

import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class StoredBlueprintsTest {

    @Test
    void aRecordedBlueprintIsParsedOnceAndAgainOnlyWhenItChanges(@TempDir Path dir) {
        try (EngineHarness h = new EngineHarness(new FileStateStore(dir), List.of(new FakeCloud("local", Duration.ZERO)),
                1, Clock.systemUTC())) {
            String a = h.record(EngineHarness.seedLike(1, 2, 0), "seed-a");
            String b = h.record(EngineHarness.seedLike(1, 2, 0), "seed-b");
            String c = h.record(EngineHarness.seedLike(1, 3, 0), "seed-c");
            StoredBlueprints blueprints = EngineHarness.blueprints();

            var first = blueprints.load(h.repo, a);
            assertSame(first, blueprints.load(h.repo, a), "read again: the same parse");
            assertSame(first, blueprints.load(h.repo, b), "another infrastructure of the same text shares it");
            var other = blueprints.load(h.repo, c);
            assertNotSame(first, other, "a different text is parsed on its own");
            assertEquals(3, other.infra().node("kafka-elkh").orElseThrow().scaling().min());
        }
    }
}
