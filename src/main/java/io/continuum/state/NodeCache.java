package io.continuum.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node rows last read per infrastructure, with the version they were read at, least recently
 * used first out once more than a bound of rows are kept. Only a read at the same version hits.
 */
final class NodeCache {

    private record Entry(String version, List<Stored<NodeRecord>> nodes) {
    }

    private final int maxRows;
    private final LinkedHashMap<String, Entry> byInfra = new LinkedHashMap<>(16, 0.75f, true);
    private int rows;

    NodeCache(int maxRows) {
        this.maxRows = maxRows;
    }

    synchronized Optional<List<Stored<NodeRecord>>> get(String infraId, String version) {
        Entry e = byInfra.get(infraId);
        return e != null && e.version().equals(version) ? Optional.of(e.nodes()) : Optional.empty();
    }

    synchronized void put(String infraId, String version, List<Stored<NodeRecord>> nodes) {
        Entry old = byInfra.remove(infraId);
        if (old != null) {
            rows -= old.nodes().size();
        }
        if (nodes.size() > maxRows) {
            return;
        }
        byInfra.put(infraId, new Entry(version, List.copyOf(nodes)));
        rows += nodes.size();
        var eldest = byInfra.entrySet().iterator();
        while (rows > maxRows) {
            Map.Entry<String, Entry> out = eldest.next();
            rows -= out.getValue().nodes().size();
            eldest.remove();
        }
    }
}
