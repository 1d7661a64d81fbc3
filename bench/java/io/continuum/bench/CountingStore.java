package io.continuum.bench;

import io.continuum.state.Row;
import io.continuum.state.StateStore;
import io.continuum.state.Write;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the writes that reach a store (a batch counts once per write in it). */
record CountingStore(StateStore store, AtomicLong writes) implements StateStore {

    CountingStore(StateStore store) {
        this(store, new AtomicLong());
    }

    public Optional<Row> get(String p, String k) { return store.get(p, k); }
    public List<Row> list(String p, String prefix) { return store.list(p, prefix); }
    public List<Row> listByKey(String k) { return store.listByKey(k); }
    public Row insert(String p, String k, String d) { writes.incrementAndGet(); return store.insert(p, k, d); }
    public Row replace(Row c, String d) { writes.incrementAndGet(); return store.replace(c, d); }
    public Row upsert(String p, String k, String d) { writes.incrementAndGet(); return store.upsert(p, k, d); }
    public void delete(Row c) { writes.incrementAndGet(); store.delete(c); }
    public List<Row> batch(String p, List<Write> w) { writes.addAndGet(w.size()); return store.batch(p, w); }
    public boolean ping() { return store.ping(); }
}
