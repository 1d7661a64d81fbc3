package io.continuum.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where infrastructure state lives: a versioned document store partitioned by infrastructure,
 * with optimistic concurrency. Its shape follows Azure Table Storage (partition key, row key,
 * ETag, batches of at most {@value #MAX_BATCH} writes within one partition) so that the embedded
 * file store and the Table store are interchangeable and pass one contract test suite.
 */
public interface StateStore {

    int MAX_BATCH = 100;

    Optional<Row> get(String partition, String key);

    /** Rows of one partition whose key starts with {@code keyPrefix}, in key order. */
    List<Row> list(String partition, String keyPrefix);

    /** Rows of every partition whose key equals {@code key} (e.g. every infrastructure's header row). */
    List<Row> listByKey(String key);

    /** Creates a row; {@link ConflictException} if it exists. */
    Row insert(String partition, String key, String data);

    /** Replaces a row if its ETag still matches; {@link ConflictException} if it changed or is gone. */
    Row replace(Row current, String data);

    /** Creates or overwrites a row unconditionally. */
    Row upsert(String partition, String key, String data);

    /** Deletes a row if its ETag still matches; {@link ConflictException} if it changed. Absent rows are fine. */
    void delete(Row current);

    /**
     * Applies up to {@value #MAX_BATCH} writes to one partition atomically; {@link ConflictException}
     * (and nothing applied) if any condition fails. Rejects larger batches, and batches writing one
     * key twice, with IllegalArgumentException. Returns the written rows in the order of the writes;
     * deletions add none.
     */
    List<Row> batch(String partition, List<Write> writes);

    /**
     * Consecutive batches to one partition, each as {@link #batch} would apply it: in order, each
     * all-or-nothing, stopping at the first whose condition fails (those before it stay written) with
     * its {@link ConflictException}. Returns each batch's rows. A store may write them in one round
     * trip; by default each batch is one.
     */
    default List<List<Row>> batches(String partition, List<List<Write>> batches) {
        List<List<Row>> rows = new ArrayList<>();
        for (List<Write> writes : batches) {
            rows.add(batch(partition, writes));
        }
        return rows;
    }

    /**
     * How many rows of one kind a partition should hold at most before they are spread over more
     * partitions. By default no limit: a store whose cost does not grow with a partition's size.
     */
    default int rowsPerPartition() {
        return Integer.MAX_VALUE;
    }

    /** Whether the store answers, for readiness checks. */
    boolean ping();

    static void checkBatch(List<Write> writes) {
        if (writes.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds at most " + MAX_BATCH + " writes, got " + writes.size());
        }
    }
}
