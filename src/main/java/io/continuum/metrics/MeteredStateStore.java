package io.continuum.metrics;

import io.continuum.state.ConflictException;
import io.continuum.state.Row;
import io.continuum.state.StateStore;
import io.continuum.state.Write;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Optional;

/**
 * A {@link StateStore} that times every call ({@code continuum_state_calls_seconds} by call and
 * outcome): {@code conflict} is an optimistic-concurrency loss (a stale ETag, a row that exists).
 */
public final class MeteredStateStore implements StateStore {

    private final StateStore store;
    private final Outcomes calls;

    public MeteredStateStore(StateStore store, MeterRegistry registry) {
        this.store = store;
        this.calls = new Outcomes(registry, "continuum.state.calls", e -> e instanceof ConflictException ? "conflict" : "error");
    }

    @Override
    public Optional<Row> get(String partition, String key) {
        return calls.time("get", () -> store.get(partition, key));
    }

    @Override
    public List<Row> list(String partition, String keyPrefix) {
        return calls.time("list", () -> store.list(partition, keyPrefix));
    }

    @Override
    public List<Row> listByKey(String key) {
        return calls.time("listByKey", () -> store.listByKey(key));
    }

    @Override
    public Row insert(String partition, String key, String data) {
        return calls.time("insert", () -> store.insert(partition, key, data));
    }

    @Override
    public Row replace(Row current, String data) {
        return calls.time("replace", () -> store.replace(current, data));
    }

    @Override
    public Row upsert(String partition, String key, String data) {
        return calls.time("upsert", () -> store.upsert(partition, key, data));
    }

    @Override
    public void delete(Row current) {
        calls.time("delete", () -> store.delete(current));
    }

    @Override
    public List<Row> batch(String partition, List<Write> writes) {
        return calls.time("batch", () -> store.batch(partition, writes));
    }

    @Override
    public List<List<Row>> batches(String partition, List<List<Write>> batches) {
        return calls.time("batches", () -> store.batches(partition, batches));
    }

    @Override
    public int rowsPerPartition() {
        return store.rowsPerPartition();
    }

    @Override
    public boolean ping() {
        return calls.time("ping", store::ping);
    }
}
