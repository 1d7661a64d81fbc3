package io.continuum.state;

import io.continuum.state.file.FileStateStore;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a connection string the application keeps state in files, under the configured directory. */
@QuarkusTest
@TestProfile(StateStoreProducerTest.FilesUnderTarget.class)
class StateStoreProducerTest {

    static final String DIR = "target/producer-test-state";

    public static class FilesUnderTarget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("continuum.state.file.dir", DIR);
        }
    }

    @Inject
    StateStore store;

    /** What the configuration chose, under the measuring wrapper everyone else injects. */
    @Inject
    @Configured
    StateStore configured;

    @Inject
    Leases leases;

    @Test
    void theFileStoreIsInjectedAndWritesUnderTheConfiguredDirectory() {
        assertInstanceOf(FileStateStore.class, ClientProxy.unwrap(configured));
        String infra = "infra-" + System.nanoTime();
        store.insert(infra, "header", "{}");
        assertTrue(Files.isRegularFile(Path.of(DIR, infra, "header.row")));
        assertEquals("producer-test", leases.acquire(infra, "producer-test", Duration.ofSeconds(30)).holder());
        assertEquals("producer-test", leases.current(infra).orElseThrow().holder());
    }
}
