package io.continuum.state.file;

import io.continuum.state.ChildJvm;
import io.continuum.state.ConflictException;
import io.continuum.state.Increments;
import io.continuum.state.Row;
import io.continuum.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the file store promises beyond the contract: restarts, other processes, interrupted batches. */
class FileStateStoreProcessTest {

    @TempDir
    Path dir;

    @Test
    void rowsWrittenByOneProcessAreReadByANewProcessAndANewStore() throws Exception {
        String etag = ChildJvm.run(Map.of(), "file", dir.toString(), "put", "infra-1", "node:kafka-1", "{\"ip\":\"10.0.0.5\"}").strip();

        Row row = new FileStateStore(dir).get("infra-1", "node:kafka-1").orElseThrow();
        assertEquals("{\"ip\":\"10.0.0.5\"}", row.data());
        assertEquals(etag, row.etag());
        assertEquals("{\"ip\":\"10.0.0.5\"}", ChildJvm.run(Map.of(), "file", dir.toString(), "get", "infra-1", "node:kafka-1").strip());
    }

    @Test
    void twoProcessesAndTwoStoresInThisProcessIncrementOneRowWithoutLosingAny() throws Exception {
        int perProcess = 60;
        ChildJvm first = ChildJvm.start(Map.of(), "file", dir.toString(), "increment", "infra-1", "counter", "" + perProcess);
        ChildJvm second = ChildJvm.start(Map.of(), "file", dir.toString(), "increment", "infra-1", "counter", "" + perProcess);
        first.awaitReady();
        second.awaitReady();
        first.go();
        second.go();
        Increments here = new Increments(new FileStateStore(dir), "infra-1", "counter");
        Increments alsoHere = new Increments(new FileStateStore(dir), "infra-1", "counter");
        Thread other = new Thread(() -> {
            for (int i = 0; i < perProcess; i++) {
                alsoHere.incrementOnce();
            }
        });
        other.start();
        for (int i = 0; i < perProcess; i++) {
            here.incrementOnce();
        }
        other.join(120_000);
        String firstOut = first.await(120);
        String secondOut = second.await(120);
        System.out.printf("file store, 2 processes + 2 stores here: %s | %s | here applied=%d conflicts=%d, applied=%d conflicts=%d%n",
                firstOut.strip(), secondOut.strip(), here.applied.get(), here.conflicts.get(), alsoHere.applied.get(), alsoHere.conflicts.get());
        int childApplied = applied(firstOut) + applied(secondOut);

        assertEquals(2 * perProcess, childApplied);
        int total = childApplied + here.applied.get() + alsoHere.applied.get();
        assertEquals(4 * perProcess, total);
        assertEquals(Integer.toString(total), new FileStateStore(dir).get("infra-1", "counter").orElseThrow().data());
    }

    @Test
    void aBatchInterruptedByACrashIsCompletedByTheNextAccess() throws Exception {
        StateStore store = new FileStateStore(dir);
        store.insert("infra-1", "node:kafka-1", "old");
        // What a writer leaves when it dies after writing the journal and the first of two rows.
        Path partition = dir.resolve("infra-1");
        List<Change> batch = List.of(new Change("node:kafka-1", "W/\"e1\"", "new"), new Change("op:1", "W/\"e2\"", "running"));
        Files.writeString(partition.resolve(".batch"), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(batch));
        Files.writeString(partition.resolve("node%3Akafka-1.row"), "W/\"e1\"\nnew", StandardCharsets.UTF_8);
        Files.writeString(partition.resolve(".tmp-half-written"), "W/\"e2\"\nrun", StandardCharsets.UTF_8);

        StateStore restarted = new FileStateStore(dir);
        assertEquals(List.of(new Row("infra-1", "node:kafka-1", "new", "W/\"e1\""), new Row("infra-1", "op:1", "running", "W/\"e2\"")),
                restarted.list("infra-1", ""));
        assertFalse(Files.exists(partition.resolve(".batch")));
        assertFalse(Files.exists(partition.resolve(".tmp-half-written")));
    }

    @Test
    void aRowTornByAWriterThatDiedMidBatchIsRepairedFromTheJournalBeforeAnyRead() throws Exception {
        StateStore store = new FileStateStore(dir);
        Row old = store.insert("infra-1", "node:kafka-1", "{\"phase\":\"CREATING\",\"detail\":\"a long detail\"}");
        // A batch writes its rows in place once its journal is on disk: a writer that dies inside one
        // leaves the row with the new text over the old one's tail.
        Path partition = dir.resolve("infra-1");
        List<Change> batch = List.of(new Change("node:kafka-1", "W/\"e1\"", "{\"phase\":\"READY\"}"),
                new Change("node:kafka-2", "W/\"e2\"", "{\"phase\":\"READY\"}"));
        Files.writeString(partition.resolve(".batch"), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(batch));
        Files.writeString(partition.resolve("node%3Akafka-1.row"), "W/\"e1\"\n{\"phase\":\"READY\"}" + "\"detail\":\"a long detail\"}",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.WRITE);

        StateStore restarted = new FileStateStore(dir);
        assertEquals(Optional.of(new Row("infra-1", "node:kafka-1", "{\"phase\":\"READY\"}", "W/\"e1\"")),
                restarted.get("infra-1", "node:kafka-1"));
        assertEquals(2, restarted.list("infra-1", "node:").size());
        assertFalse(Files.exists(partition.resolve(".batch")));
        assertThrows(ConflictException.class, () -> restarted.replace(old, "stale"), "the batch replaced the old row");
    }

    @Test
    void rowKeysAreStoredAsPortableFileNames() throws Exception {
        new FileStateStore(dir).insert("infra:1", "node:kafka-3", "x");
        assertTrue(Files.isRegularFile(dir.resolve("infra%3A1").resolve("node%3Akafka-3.row")));
    }

    @Test
    void keysTooLongForAFileNameAreRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FileStateStore(dir).insert("infra-1", "ключ".repeat(40), "x"));
        assertTrue(e.getMessage().contains("too long for the file store"), e.getMessage());
    }

    private static int applied(String output) {
        Matcher m = Pattern.compile("applied=(\\d+) conflicts=(\\d+)").matcher(output);
        assertTrue(m.find(), output);
        return Integer.parseInt(m.group(1));
    }
}
