package io.continuum.bench;

import io.continuum.state.Row;
import io.continuum.state.StateStore;
import io.continuum.state.Write;
import io.continuum.state.file.FileStateStore;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Counts what reaches a store: writes (a batch counts once per write in it), round trips (calls that
 * write; a batch is one, consecutive batches to the file store are one) and the wall time spent in it, reads included.
 */
record CountingStore(StateStore store, AtomicLong writes, AtomicLong roundTrips, AtomicLong nanos) implements StateStore {

    CountingStore(StateStore store) {
        this(store, new AtomicLong(), new AtomicLong(), new AtomicLong());
    }

    public Optional<Row> get(String p, String k) { return timed(() -> store.get(p, k)); }
    public List<Row> list(String p, String prefix) { return timed(() -> store.list(p, prefix)); }
    public List<Row> listByKey(String k) { return timed(() -> store.listByKey(k)); }
    public Row insert(String p, String k, String d) { return written(1, () -> store.insert(p, k, d)); }
    public Row replace(Row c, String d) { return written(1, () -> store.replace(c, d)); }
    public Row upsert(String p, String k, String d) { return written(1, () -> store.upsert(p, k, d)); }
    public void delete(Row c) { written(1, () -> { store.delete(c); return null; }); }
    public List<Row> batch(String p, List<Write> w) { return written(w.size(), () -> store.batch(p, w)); }
    public boolean ping() { return store.ping(); }
    public int rowsPerPartition() { return store.rowsPerPartition(); }

    /** The file store writes consecutive batches in one locked call and one flush; the Table store sends one request per batch. */
    public List<List<Row>> batches(String p, List<List<Write>> b) {
        writes.addAndGet(b.stream().mapToLong(List::size).sum());
        roundTrips.addAndGet(store instanceof FileStateStore ? 1 : b.size());
        return timed(() -> store.batches(p, b));
    }

    private <T> T written(int count, Supplier<T> call) {
        writes.addAndGet(count);
        roundTrips.incrementAndGet();
        return timed(call);
    }

    private <T> T timed(Supplier<T> call) {
        long t0 = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }
}
