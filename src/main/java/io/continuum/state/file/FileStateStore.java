package io.continuum.state.file;

import io.continuum.state.ConflictException;
import io.continuum.state.Row;
import io.continuum.state.RowRules;
import io.continuum.state.StateStore;
import io.continuum.state.StateUnavailableException;
import io.continuum.state.Write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The embedded state store: one directory per partition under a root directory, one file per row.
 * Every operation on a partition holds that partition's lock, so threads and processes sharing the
 * directory see each batch whole, and conditions (ETags) are checked and applied in one step.
 */
public final class FileStateStore implements StateStore {

    private final Path root;
    /** Partitions whose leftover temporary files this instance has already removed. */
    private final Set<String> swept = ConcurrentHashMap.newKeySet();

    public FileStateStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<Row> get(String partition, String key) {
        RowRules.checkKey("partition", partition);
        RowRules.checkKey("key", key);
        return locked(partition, false, dir -> dir.read(key)).orElse(Optional.empty());
    }

    @Override
    public List<Row> list(String partition, String keyPrefix) {
        RowRules.checkKey("partition", partition);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        return locked(partition, false, dir -> dir.readAll(keyPrefix)).orElse(List.of());
    }

    @Override
    public List<Row> listByKey(String key) {
        RowRules.checkKey("key", key);
        List<Row> rows = new ArrayList<>();
        for (String partition : partitions()) {
            get(partition, key).ifPresent(rows::add);
        }
        return rows;
    }

    @Override
    public Row insert(String partition, String key, String data) {
        return batch(partition, List.of(Write.insert(key, data))).get(0);
    }

    @Override
    public Row replace(Row current, String data) {
        return batch(current.partition(), List.of(Write.replace(current, data))).get(0);
    }

    @Override
    public Row upsert(String partition, String key, String data) {
        return batch(partition, List.of(Write.upsert(key, data))).get(0);
    }

    @Override
    public void delete(Row current) {
        batch(current.partition(), List.of(Write.delete(current)));
    }

    /** Returns the written rows in the order of the writes; deletions add none. */
    @Override
    public List<Row> batch(String partition, List<Write> writes) {
        return batches(partition, List.of(writes)).get(0);
    }

    /** Checks the batches one after another under one lock, and writes those accepted with one journal flush. */
    @Override
    public List<List<Row>> batches(String partition, List<List<Write>> batches) {
        batches.forEach(writes -> RowRules.checkBatch(partition, writes));
        if (batches.stream().allMatch(List::isEmpty)) {
            return batches.stream().map(writes -> List.<Row>of()).toList();
        }
        return locked(partition, true, dir -> {
            Map<String, String> pending = new HashMap<>(); // key → ETag after the batches accepted so far; null: deleted
            Map<String, Change> changes = new LinkedHashMap<>(); // the last change of each key, in order
            List<List<Row>> rows = new ArrayList<>();
            ConflictException refused = null;
            for (List<Write> writes : batches) {
                List<Change> accepted;
                try {
                    accepted = check(partition, dir, writes, pending);
                } catch (ConflictException e) {
                    refused = e;
                    break;
                }
                List<Row> written = new ArrayList<>();
                for (Change c : accepted) {
                    pending.put(c.key(), c.isDeletion() ? null : c.etag());
                    changes.remove(c.key());
                    changes.put(c.key(), c);
                    if (!c.isDeletion()) {
                        written.add(new Row(partition, c.key(), c.data(), c.etag()));
                    }
                }
                rows.add(written);
            }
            if (!changes.isEmpty()) {
                dir.apply(List.copyOf(changes.values())); // the batches before a refused one stay, as one at a time
            }
            if (refused != null) {
                throw refused;
            }
            return rows;
        }).orElseThrow();
    }

    @Override
    public boolean ping() {
        try {
            Files.createDirectories(root);
            return Files.isWritable(root);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Turns writes into changes if every condition holds against the stored rows, as changed by the
     * {@code pending} ETags of batches accepted before (null: deleted), else throws.
     */
    private static List<Change> check(String partition, PartitionDir dir, List<Write> writes, Map<String, String> pending)
            throws IOException {
        List<Change> changes = new ArrayList<>();
        for (Write w : writes) {
            String stored = pending.containsKey(w.key()) ? pending.get(w.key())
                    : dir.read(w.key()).map(Row::etag).orElse(null);
            String where = "row '" + w.key() + "' of partition '" + partition + "'";
            switch (w.kind()) {
                case INSERT -> {
                    if (stored != null) {
                        throw new ConflictException(where + " already exists");
                    }
                }
                case REPLACE -> {
                    if (stored == null) {
                        throw new ConflictException(where + " no longer exists");
                    }
                    requireEtag(where, w, stored);
                }
                case DELETE -> {
                    if (stored != null) {
                        requireEtag(where, w, stored);
                    }
                }
                case UPSERT -> {
                }
            }
            changes.add(w.kind() == Write.Kind.DELETE ? Change.deletion(w.key()) : new Change(w.key(), newEtag(), w.data()));
        }
        return changes;
    }

    private static void requireEtag(String where, Write w, String stored) {
        if (w.etag() != null && !w.etag().equals(stored)) {
            throw new ConflictException(where + " has changed (stale ETag)");
        }
    }

    private static String newEtag() {
        return "W/\"" + UUID.randomUUID() + "\"";
    }

    private List<String> partitions() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .map(FileNames::decode)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw unavailable("cannot list partitions", e);
        }
    }

    /**
     * Runs {@code work} on a partition under its lock, after completing any interrupted batch.
     * Reads of a partition that was never written find nothing and create nothing.
     */
    private <T> Optional<T> locked(String partition, boolean create, PartitionWork<T> work) {
        Path path = root.resolve(FileNames.encode(partition));
        try {
            if (create) {
                Files.createDirectories(path);
            } else if (!Files.isDirectory(path)) {
                return Optional.empty();
            }
            PartitionDir dir = new PartitionDir(partition, path);
            try (PartitionLock ignored = PartitionLock.acquire(path)) {
                dir.recover();
                if (swept.add(partition)) {
                    dir.deleteTemporaryFiles();
                }
                return Optional.of(work.run(dir));
            }
        } catch (IOException e) {
            throw unavailable("cannot access partition '" + partition + "'", e);
        }
    }

    private StateUnavailableException unavailable(String what, IOException e) {
        return new StateUnavailableException("file state store at " + root + ": " + what + ": " + e, e);
    }

    @FunctionalInterface
    private interface PartitionWork<T> {
        T run(PartitionDir dir) throws IOException;
    }
}
