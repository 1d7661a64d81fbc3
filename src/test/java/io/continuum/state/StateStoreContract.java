package io.continuum.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link StateStore} must do; each store's test extends this with its own instance. */
public abstract class StateStoreContract {

    /** A store on fresh or shared storage; tests use their own partitions, so they need no cleanup. */
    protected abstract StateStore store();

    protected static String freshPartition() {
        return "infra-" + UUID.randomUUID();
    }

    @Test
    void insertedRowIsReadBackWithItsEtag() {
        String p = freshPartition();
        Row inserted = store().insert(p, "header", "{\"name\":\"kafka\"}");
        assertNotNull(inserted.etag());
        assertEquals(Optional.of(inserted), store().get(p, "header"));
        assertEquals(new Row(p, "header", "{\"name\":\"kafka\"}", inserted.etag()), inserted);
    }

    @Test
    void absentRowsAndPartitionsReadAsEmpty() {
        String p = freshPartition();
        assertEquals(Optional.empty(), store().get(p, "header"));
        assertEquals(List.of(), store().list(p, ""));
    }

    @Test
    void insertOfAnExistingRowConflictsAndKeepsTheRow() {
        String p = freshPartition();
        Row first = store().insert(p, "header", "first");
        assertThrows(ConflictException.class, () -> store().insert(p, "header", "second"));
        assertEquals(Optional.of(first), store().get(p, "header"));
    }

    @Test
    void replaceWithTheCurrentEtagWritesAndChangesTheEtag() {
        String p = freshPartition();
        Row v1 = store().insert(p, "node:kafka-1", "v1");
        Row v2 = store().replace(v1, "v2");
        assertNotEquals(v1.etag(), v2.etag());
        assertEquals(Optional.of(v2), store().get(p, "node:kafka-1"));
    }

    @Test
    void replaceWithAStaleEtagConflictsAndKeepsTheNewerData() {
        String p = freshPartition();
        Row v1 = store().insert(p, "node:kafka-1", "v1");
        Row v2 = store().replace(v1, "v2");
        ConflictException e = assertThrows(ConflictException.class, () -> store().replace(v1, "lost update"));
        assertTrue(e.getMessage().contains("node:kafka-1"), e.getMessage());
        assertEquals("v2", store().get(p, "node:kafka-1").orElseThrow().data());
        assertEquals(v2.etag(), store().get(p, "node:kafka-1").orElseThrow().etag());
    }

    @Test
    void replaceOfADeletedRowConflicts() {
        String p = freshPartition();
        Row v1 = store().insert(p, "op:1", "v1");
        store().delete(v1);
        assertThrows(ConflictException.class, () -> store().replace(v1, "v2"));
        assertEquals(Optional.empty(), store().get(p, "op:1"));
    }

    @Test
    void upsertCreatesThenOverwritesWithoutConditions() {
        String p = freshPartition();
        Row created = store().upsert(p, "desired", "a");
        Row overwritten = store().upsert(p, "desired", "b");
        assertNotEquals(created.etag(), overwritten.etag());
        assertEquals(Optional.of(overwritten), store().get(p, "desired"));
    }

    @Test
    void deleteWithAStaleEtagConflictsAndKeepsTheRow() {
        String p = freshPartition();
        Row v1 = store().insert(p, "node:zk-1", "v1");
        store().replace(v1, "v2");
        assertThrows(ConflictException.class, () -> store().delete(v1));
        assertEquals("v2", store().get(p, "node:zk-1").orElseThrow().data());
    }

    @Test
    void deleteRemovesTheRowAndDeletingAnAbsentRowIsFine() {
        String p = freshPartition();
        Row row = store().insert(p, "node:zk-1", "v1");
        store().delete(row);
        assertEquals(Optional.empty(), store().get(p, "node:zk-1"));
        store().delete(row);
        assertEquals(List.of(), store().list(p, ""));
    }

    @Test
    void listReturnsOnePartitionsRowsWithThePrefixInKeyOrder() {
        String p = freshPartition();
        String other = freshPartition();
        store().insert(p, "node:kafka-2", "k2");
        store().insert(p, "node:kafka-10", "k10");
        store().insert(p, "node:zk-1", "z1");
        store().insert(p, "nodes", "not a node row");
        store().insert(p, "op:42", "op");
        store().insert(other, "node:kafka-1", "elsewhere");

        assertEquals(List.of("node:kafka-10", "node:kafka-2", "node:zk-1"), keys(store().list(p, "node:")));
        assertEquals(List.of("node:kafka-10", "node:kafka-2"), keys(store().list(p, "node:kafka-")));
        assertEquals(List.of("node:kafka-10", "node:kafka-2", "node:zk-1", "nodes", "op:42"), keys(store().list(p, "")));
        assertEquals("k10", store().list(p, "node:kafka-1").get(0).data());
    }

    @Test
    void listByKeyFindsTheKeyInEveryPartition() {
        String key = "header-" + UUID.randomUUID();
        String a = freshPartition();
        String b = freshPartition();
        store().insert(a, key, "a");
        store().insert(b, key, "b");
        store().insert(b, key + "-not-exact", "x");

        List<Row> rows = store().listByKey(key);
        assertEquals(List.of(a, b).stream().sorted().toList(), rows.stream().map(Row::partition).sorted().toList());
        assertTrue(rows.stream().allMatch(r -> r.key().equals(key)));
    }

    @Test
    void batchAppliesEveryWriteAndReturnsTheWrittenRowsInOrder() {
        String p = freshPartition();
        Row old = store().insert(p, "node:kafka-1", "old");
        Row gone = store().insert(p, "node:kafka-9", "to delete");
        List<Row> written = store().batch(p, List.of(
                Write.insert("op:7", "deploy"),
                Write.replace(old, "new"),
                Write.delete(gone),
                Write.upsert("header", "h")));

        assertEquals(List.of("op:7", "node:kafka-1", "header"), keys(written));
        assertEquals(List.of("header", "node:kafka-1", "op:7"), keys(store().list(p, "")));
        for (Row row : written) {
            assertEquals(Optional.of(row), store().get(p, row.key()));
        }
    }

    @Test
    void batchWithOneFailedConditionAppliesNothing() {
        String p = freshPartition();
        Row v1 = store().insert(p, "node:kafka-1", "v1");
        store().replace(v1, "v2");
        Row other = store().insert(p, "node:kafka-2", "k2");
        List<Row> before = store().list(p, "");

        assertThrows(ConflictException.class, () -> store().batch(p, List.of(
                Write.insert("op:8", "scale"),
                Write.delete(other),
                Write.replace(v1, "stale write"))));
        assertEquals(before, store().list(p, ""));

        assertThrows(ConflictException.class, () -> store().batch(p, List.of(
                Write.upsert("header", "h"),
                Write.insert("node:kafka-2", "exists already"))));
        assertEquals(before, store().list(p, ""));
    }

    @Test
    void consecutiveBatchesSeeTheOnesBeforeAndStopAtTheFirstRefusedKeepingThoseBefore() {
        String p = freshPartition();
        Row v1 = store().insert(p, "node:kafka-1", "v1");
        List<List<Row>> written = store().batches(p, List.of(
                List.of(Write.insert("node:kafka-2", "k2"), Write.upsert("version", "1")),
                List.of(Write.delete(v1), Write.upsert("version", "2")),
                List.of(Write.insert("node:kafka-1", "again"), Write.upsert("version", "3"))));
        assertEquals(List.of(List.of("node:kafka-2", "version"), List.of("version"), List.of("node:kafka-1", "version")),
                written.stream().map(StateStoreContract::keys).toList());
        assertEquals(Optional.of("again"), store().get(p, "node:kafka-1").map(Row::data), "inserted after its deletion");
        assertEquals(Optional.of(written.get(2).get(1)), store().get(p, "version"), "the last batch's row and ETag");

        Row k2 = written.get(0).get(0);
        assertThrows(ConflictException.class, () -> store().batches(p, List.of(
                List.of(Write.replace(k2, "k2 v2"), Write.upsert("version", "4")),
                List.of(Write.replace(k2, "stale: the batch before changed it"), Write.upsert("other", "x")),
                List.of(Write.upsert("after", "never written")))));
        assertEquals(Optional.of("k2 v2"), store().get(p, "node:kafka-2").map(Row::data), "the batch before the refused one stays");
        assertEquals(Optional.of("4"), store().get(p, "version").map(Row::data));
        assertEquals(Optional.empty(), store().get(p, "other"), "nothing of the refused batch");
        assertEquals(Optional.empty(), store().get(p, "after"), "nothing after it");
    }

    @Test
    void batchOfOneHundredWritesIsAcceptedAndMoreAreRefused() {
        String p = freshPartition();
        List<Write> hundred = new ArrayList<>();
        for (int i = 0; i < StateStore.MAX_BATCH; i++) {
            hundred.add(Write.insert("node:kafka-" + i, "{\"i\":" + i + "}"));
        }
        assertEquals(100, store().batch(p, hundred).size());
        assertEquals(100, store().list(p, "node:").size());

        List<Write> tooMany = new ArrayList<>();
        for (int i = 0; i <= StateStore.MAX_BATCH; i++) {
            tooMany.add(Write.upsert("op:" + i, "x"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store().batch(p, tooMany));
        assertTrue(e.getMessage().contains("at most 100"), e.getMessage());
        assertEquals(List.of(), store().list(p, "op:"));
    }

    @Test
    void batchWritingOneKeyTwiceIsRefused() {
        String p = freshPartition();
        assertThrows(IllegalArgumentException.class,
                () -> store().batch(p, List.of(Write.upsert("a", "1"), Write.upsert("a", "2"))));
        assertEquals(Optional.empty(), store().get(p, "a"));
    }

    @Test
    void keysWithCharactersAzureForbidsAreRefused() {
        String p = freshPartition();
        for (String bad : List.of("a/b", "a\\b", "a#b", "a?b", "a\u0001b", "")) {
            assertThrows(IllegalArgumentException.class, () -> store().insert(p, bad, "x"), bad);
            assertThrows(IllegalArgumentException.class, () -> store().insert(bad, "key", "x"), bad);
        }
        assertEquals(List.of(), store().list(p, ""));
    }

    @Test
    void keysWithColonsSpacesAndAccentsRoundTrip() {
        String p = "infra:" + UUID.randomUUID() + " é";
        for (String key : List.of("node:kafka-3", "op:2024-01-01T00:00:00Z", "a b%c+d.e", "ключ")) {
            store().insert(p, key, key);
            assertEquals(key, store().get(p, key).orElseThrow().data());
        }
        assertEquals(4, store().list(p, "").size());
        assertEquals(List.of("node:kafka-3"), keys(store().list(p, "node:")));
    }

    @Test
    void textOutsideAsciiRoundTrips() {
        String p = freshPartition();
        String data = "{\"note\":\"Zürich ✓ 🚀 ключ \\u0000 \\\"quoted\\\" line\\nbreak\"}";
        Row row = store().insert(p, "note", data);
        assertEquals(data, store().get(p, "note").orElseThrow().data());
        assertEquals(data, row.data());
    }

    @Test
    void largeValueRoundTripsExactly() {
        String p = freshPartition();
        String large = largeJson(200 * 1024);
        Row row = store().insert(p, "state", large);
        assertSameText(large, store().get(p, "state").orElseThrow().data());
        Row replaced = store().replace(row, large + " ");
        assertSameText(large + " ", store().get(p, "state").orElseThrow().data());
        assertEquals(replaced.etag(), store().get(p, "state").orElseThrow().etag());
    }

    @Test
    void concurrentReadModifyWritesLoseNoIncrement() throws Exception {
        String p = freshPartition();
        Increments counter = new Increments(store(), p, "counter");
        int threads = 4;
        int perThread = 25;
        counter.run(threads, perThread, 120);

        assertEquals(threads * perThread, counter.applied.get());
        assertEquals(Integer.toString(counter.applied.get()), store().get(p, "counter").orElseThrow().data());
        System.out.printf("%s: %d threads x %d increments: %d applied, %d conflicts retried%n",
                store().getClass().getSimpleName(), threads, perThread, counter.applied.get(), counter.conflicts.get());
    }

    @Test
    void pingAnswers() {
        assertTrue(store().ping());
    }

    /**
     * JSON text of about {@code chars} characters. ASCII only: Azurite 3.35 decodes each network
     * segment of a request body on its own, so a multi-byte character that straddles two segments
     * of a large body is corrupted there (not in Azure). Non-ASCII text is covered by small rows and
     * by EntityLayoutTest.
     */
    protected static String largeJson(int chars) {
        StringBuilder sb = new StringBuilder("{\"log\":\"");
        int i = 0;
        while (sb.length() < chars) {
            sb.append("line ").append(i++).append(" broker kafka-").append(i % 7).append(" started \\n");
        }
        return sb.append("\"}").toString();
    }

    /** Like assertEquals, without printing hundreds of kilobytes when it fails. */
    protected static void assertSameText(String expected, String actual) {
        if (!expected.equals(actual)) {
            int i = 0;
            while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
                i++;
            }
            throw new AssertionError("texts differ: expected " + expected.length() + " chars, got " + actual.length()
                    + ", first difference at index " + i + ": expected …" + around(expected, i) + "… got …" + around(actual, i) + "…");
        }
    }

    private static String around(String text, int index) {
        return text.substring(Math.max(0, index - 12), Math.min(text.length(), index + 12));
    }

    private static List<String> keys(List<Row> rows) {
        return rows.stream().map(Row::key).toList();
    }
}
