package io.continuum.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.model.Blueprint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Typed access to infrastructure state on top of the {@link StateStore} port. One partition per
 * infrastructure holds its header ({@code infra}), the blueprint the user sent ({@code blueprint}),
 * one row per node instance ({@code node:<id>}), its operations ({@code op:<id>}) and its lease.
 *
 * <p>A large infrastructure's node rows are spread over shards: where the store keeps fewer rows per
 * partition than the infrastructure's targets add up to at creation, shard {@code k > 0} is the
 * partition {@code <infraId>~n<k>} (shard 0 is the infrastructure's own), a node's shard follows from
 * its id, and each shard has its version row. The count is fixed at creation ({@code node~shards}).
 */
public final class StateRepository {

    static final String INFRA = "infra";
    static final String BLUEPRINT = "blueprint";
    static final String NODE = "node:";
    static final String OP = "op:";
    static final String AUTOSCALE = "autoscale";
    /** Rewritten in every batch that writes node rows: while its ETag stands, no node row changed. */
    static final String NODES_VERSION = "node~version";
    /** How many partitions the node rows are spread over; absent: one, the infrastructure's own. */
    private static final String NODE_SHARDS = "node~shards";
    private static final String SHARD_SUFFIX = "~n";
    /** Node rows per batch: the batch's last place holds the version row. */
    static final int NODE_BATCH = StateStore.MAX_BATCH - 1;
    /** More shards would make every read of the nodes cost more round trips than it saves writing them. */
    private static final int MAX_SHARDS = 32;

    /** Node rows kept in memory over all infrastructures, at most (status of 10,000 reads none of them again). */
    private static final int CACHED_NODES = 20_000;

    private final StateStore store;
    private final ObjectMapper json;
    private final NodeCache cache = new NodeCache(CACHED_NODES);
    /** Shard counts read, by infrastructure: fixed at creation, and an infrastructure id is never reused. */
    private final Map<String, Integer> shardCounts = new ConcurrentHashMap<>();

    public StateRepository(StateStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public StateStore store() {
        return store;
    }

    // infrastructures

    public Optional<Stored<InfraRecord>> infra(String infraId) {
        return store.get(infraId, INFRA).map(r -> stored(r, InfraRecord.class));
    }

    public List<InfraRecord> infras() {
        return store.listByKey(INFRA).stream().map(r -> read(r.data(), InfraRecord.class)).toList();
    }

    /**
     * Records a new infrastructure, its blueprint and the operation creating it, together, with the
     * number of shards its node rows will take (from its targets and the store's rows per partition).
     */
    public void create(InfraRecord infra, Blueprint blueprint, OperationRecord op) {
        int shards = shardsFor(infra.targets().values().stream().mapToLong(Integer::longValue).sum(), store.rowsPerPartition());
        List<Write> writes = new ArrayList<>(List.of(
                Write.insert(INFRA, write(infra)),
                Write.insert(BLUEPRINT, write(blueprint)),
                Write.insert(opKey(op.operationId()), write(op))));
        if (shards > 1) {
            writes.add(Write.insert(NODE_SHARDS, Integer.toString(shards)));
        }
        store.batch(infra.infraId(), writes);
    }

    private static int shardsFor(long nodes, int rowsPerPartition) {
        return (int) Math.max(1, Math.min(MAX_SHARDS, (nodes + rowsPerPartition - 1) / rowsPerPartition));
    }

    public Stored<InfraRecord> update(Stored<InfraRecord> current, InfraRecord next) {
        return new Stored<>(next, store.replace(current.row(), write(next)));
    }

    public Blueprint blueprint(String infraId) {
        return store.get(infraId, BLUEPRINT).map(r -> read(r.data(), Blueprint.class))
                .orElseThrow(() -> new IllegalStateException("infrastructure " + infraId + " has no blueprint row"));
    }

    /**
     * Removes the infrastructure's header, blueprint and node rows; its operations stay observable.
     * The other shards go first, so that a crash leaves the count of shards to find them by.
     */
    public void forget(String infraId) {
        int shards = shards(infraId);
        for (int k = shards - 1; k >= 0; k--) {
            inBatches(shard(infraId, k), store.list(shard(infraId, k), "").stream()
                    .filter(r -> !r.key().startsWith(OP) && !r.key().equals(Leases.KEY))
                    .map(Write::delete).toList(), StateStore.MAX_BATCH, null);
        }
        shardCounts.remove(infraId);
    }

    // node instances

    /**
     * The node rows of an infrastructure, in key order. Read again only when they changed: the rows
     * of the last read are kept with the ETags of the shards' version rows, which one request per
     * shard checks; a read during which a batch landed (a version differs before and after it) is not kept.
     */
    public List<Stored<NodeRecord>> nodes(String infraId) {
        int shards = shards(infraId);
        Optional<String> before = versions(shards, k -> store.get(shard(infraId, k), NODES_VERSION));
        if (before.isPresent()) {
            Optional<List<Stored<NodeRecord>>> cached = cache.get(infraId, before.get());
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        // "node" also lists the version row, which sorts after every "node:" row
        List<List<Row>> listed = new ArrayList<>();
        for (int k = 0; k < shards; k++) {
            listed.add(store.list(shard(infraId, k), NODE.substring(0, NODE.length() - 1)));
        }
        List<Stored<NodeRecord>> nodes = listed.stream().flatMap(List::stream).filter(r -> r.key().startsWith(NODE))
                .sorted(Comparator.comparing(Row::key)).map(r -> stored(r, NodeRecord.class)).toList();
        Optional<String> after = versions(shards,
                k -> listed.get(k).stream().filter(r -> r.key().equals(NODES_VERSION)).findFirst());
        if (before.isPresent() && before.equals(after)) {
            cache.put(infraId, after.get(), nodes);
        }
        return nodes;
    }

    /** The ETags of every shard's version row, joined; empty when a shard has none yet. */
    private static Optional<String> versions(int shards, IntFunction<Optional<Row>> versionRow) {
        StringBuilder joined = new StringBuilder();
        for (int k = 0; k < shards; k++) {
            Optional<Row> v = versionRow.apply(k);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            joined.append(k == 0 ? "" : " ").append(v.get().etag());
        }
        return Optional.of(joined.toString());
    }

    /** Inserts many node rows in as few round trips as the store allows (batches of {@value #NODE_BATCH}). */
    public List<Stored<NodeRecord>> insertNodes(String infraId, List<NodeRecord> nodes) {
        return saveNodes(infraId, java.util.Collections.nCopies(nodes.size(), null), nodes);
    }

    /**
     * Writes a step's node rows together, in batches of {@value #NODE_BATCH} per shard (each
     * all-or-nothing, each with its shard's version row; one round trip per shard where the store
     * can): {@code next.get(i)} is inserted where {@code current.get(i)} is null,
     * else replaces that row if it is unchanged since it was read; a value equal to the current one is
     * not written. A crash between two batches leaves the first written: each row is a whole node's
     * state, which the next step takes as it finds it.
     *
     * @return the rows as stored now, in the order given
     * @throws ConflictException when a row changed since it was read (its batch is not applied)
     */
    public List<Stored<NodeRecord>> saveNodes(String infraId, List<Stored<NodeRecord>> current, List<NodeRecord> next) {
        if (current.size() != next.size()) {
            throw new IllegalArgumentException(current.size() + " rows but " + next.size() + " values");
        }
        List<Stored<NodeRecord>> out = new ArrayList<>(current);
        Map<String, List<Integer>> changed = new TreeMap<>(); // by partition: indices written there
        Map<String, List<Write>> writes = new TreeMap<>();
        for (int i = 0; i < next.size(); i++) {
            Stored<NodeRecord> c = current.get(i);
            NodeRecord n = next.get(i);
            Write w;
            if (c == null) {
                w = Write.insert(NODE + n.nodeId(), write(n));
            } else if (!n.equals(c.value())) {
                w = Write.replace(c.row(), write(n));
            } else {
                continue;
            }
            String partition = c == null ? shard(infraId, shardOf(n.nodeId(), shards(infraId))) : c.row().partition();
            changed.computeIfAbsent(partition, p -> new ArrayList<>()).add(i);
            writes.computeIfAbsent(partition, p -> new ArrayList<>()).add(w);
        }
        for (var e : writes.entrySet()) {
            List<Row> rows = nodeBatches(e.getKey(), e.getValue());
            List<Integer> indices = changed.get(e.getKey());
            for (int j = 0; j < indices.size(); j++) {
                int i = indices.get(j);
                out.set(i, new Stored<>(next.get(i), rows.get(j)));
            }
        }
        return out;
    }

    public Stored<NodeRecord> updateNode(Stored<NodeRecord> current, NodeRecord next) {
        return saveNodes(infraOf(current.row().partition()), List.of(current), List.of(next)).get(0);
    }

    /** Deletes node rows (each if unchanged since read) in batches of {@value #NODE_BATCH} per shard. */
    public void deleteNodes(String infraId, List<Stored<NodeRecord>> rows) {
        Map<String, List<Write>> byShard = new TreeMap<>();
        rows.forEach(r -> byShard.computeIfAbsent(r.row().partition(), p -> new ArrayList<>()).add(Write.delete(r.row())));
        byShard.forEach(this::nodeBatches);
    }

    /** Writes node rows to one shard in batches, each rewriting its version row too; returns the written node rows. */
    private List<Row> nodeBatches(String partition, List<Write> writes) {
        return inBatches(partition, writes, NODE_BATCH, Write.upsert(NODES_VERSION, "{}"));
    }

    private int shards(String infraId) {
        return shardCounts.computeIfAbsent(infraId,
                id -> store.get(id, NODE_SHARDS).map(r -> Integer.parseInt(r.data().trim())).orElse(1));
    }

    /** The partition of shard {@code k}: infrastructure names never hold a '~', so no infrastructure's own. */
    private static String shard(String infraId, int k) {
        return k == 0 ? infraId : infraId + SHARD_SUFFIX + k;
    }

    private static String infraOf(String partition) {
        int at = partition.lastIndexOf(SHARD_SUFFIX);
        return at < 0 ? partition : partition.substring(0, at);
    }

    private static int shardOf(String nodeId, int shards) {
        return Math.floorMod(nodeId.hashCode(), shards);
    }

    // autoscaling memory

    public Stored<AutoscaleRecord> autoscale(String infraId) {
        return store.get(infraId, AUTOSCALE).map(r -> stored(r, AutoscaleRecord.class))
                .orElse(new Stored<>(AutoscaleRecord.EMPTY, null));
    }

    public Stored<AutoscaleRecord> saveAutoscale(String infraId, Stored<AutoscaleRecord> current, AutoscaleRecord next) {
        Row row = current.row() == null ? store.insert(infraId, AUTOSCALE, write(next)) : store.replace(current.row(), write(next));
        return new Stored<>(next, row);
    }

    // operations

    public Optional<Stored<OperationRecord>> operation(String operationId) {
        String infraId = OperationRecord.infraIdOf(operationId);
        if (infraId == null) {
            return Optional.empty();
        }
        return store.get(infraId, opKey(operationId)).map(r -> stored(r, OperationRecord.class));
    }

    public List<OperationRecord> operations(String infraId) {
        return store.list(infraId, OP).stream().map(r -> read(r.data(), OperationRecord.class)).toList();
    }

    /**
     * Starts an operation: the infrastructure row (naming it active, conditionally on the row read)
     * and the new operation row in one batch, with the blueprint too when it changes (extend).
     *
     * @throws ConflictException when the infrastructure row changed since it was read
     */
    public Stored<InfraRecord> startOperation(Stored<InfraRecord> current, InfraRecord next, OperationRecord op,
                                              Blueprint blueprint) {
        List<Write> writes = new ArrayList<>(List.of(
                Write.replace(current.row(), write(next)),
                Write.insert(opKey(op.operationId()), write(op))));
        if (blueprint != null) {
            writes.add(Write.upsert(BLUEPRINT, write(blueprint)));
        }
        return new Stored<>(next, store.batch(next.infraId(), writes).get(0));
    }

    /**
     * Moves an operation on to a new description (a migration's next phase): the infrastructure row,
     * the blueprint and the operation row in one batch, conditionally on the two rows read.
     *
     * @throws ConflictException when either row changed since it was read
     */
    public void changeDescription(Stored<InfraRecord> infra, InfraRecord next, Stored<OperationRecord> op,
                                  OperationRecord opNext, Blueprint blueprint) {
        store.batch(next.infraId(), List.of(Write.replace(infra.row(), write(next)),
                Write.replace(op.row(), write(opNext)), Write.upsert(BLUEPRINT, write(blueprint))));
    }

    /** Ends an operation and frees its infrastructure together. */
    public void finishOperation(Stored<InfraRecord> infra, InfraRecord next, Stored<OperationRecord> op,
                                OperationRecord done) {
        store.batch(next.infraId(), List.of(Write.replace(infra.row(), write(next)),
                Write.replace(op.row(), write(done))));
    }

    public Stored<OperationRecord> updateOperation(Stored<OperationRecord> current, OperationRecord next) {
        return new Stored<>(next, store.replace(current.row(), write(next)));
    }

    /**
     * Writes to one partition in consecutive batches of {@code size} writes (each all-or-nothing; one
     * round trip for all where the store can), each with {@code alsoEach} added when given; returns the
     * rows of {@code writes}.
     */
    private List<Row> inBatches(String partition, List<Write> writes, int size, Write alsoEach) {
        List<List<Write>> batches = new ArrayList<>();
        for (int i = 0; i < writes.size(); i += size) {
            List<Write> batch = new ArrayList<>(writes.subList(i, Math.min(writes.size(), i + size)));
            if (alsoEach != null) {
                batch.add(alsoEach);
            }
            batches.add(batch);
        }
        List<Row> rows = new ArrayList<>();
        for (List<Row> written : store.batches(partition, batches)) {
            rows.addAll(alsoEach == null ? written : written.subList(0, written.size() - 1));
        }
        return rows;
    }

    private static String opKey(String operationId) {
        return OP + operationId.substring(operationId.lastIndexOf('.') + 1);
    }

    // JSON

    private <T> Stored<T> stored(Row r, Class<T> type) {
        return new Stored<>(read(r.data(), type), r);
    }

    private <T> T read(String data, Class<T> type) {
        try {
            return json.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " in state: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
