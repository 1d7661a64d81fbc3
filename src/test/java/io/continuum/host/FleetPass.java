package io.continuum.host;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuum.engine.FleetState;
import io.continuum.state.file.FileStateStore;
import io.continuum.state.table.Azurite;
import io.continuum.state.table.TableStateStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One maintain pass over a fleet, through the emulated host: {@code infras} deployed infrastructures
 * of {@code nodes} simulated {@code nova} servers each, written into one shared store, and K
 * instances of the packaged app. The host delivers one maintainTimer tick to one instance, which
 * fans the pass out in shards over the host's front door (the host hands each shard call to a
 * random instance). A warm-up tick runs first; the second is measured.
 */
public final class FleetPass {

    /** Shards per pass: several per instance, so that random routing still spreads the work. */
    public static final int SHARDS = 16;

    /** What one measured pass saw: outcome → count, how often each infrastructure appeared, its wall time. */
    public record Result(String store, int instances, int infras, int nodesEach, long passMillis, long warmUpMillis,
                         Map<String, Integer> outcomes, Map<String, Integer> appearances, int status) {

        public void print() {
            System.out.printf("[measure] fleet maintain pass, %s: %d infrastructures x %d nodes, %d instance(s): %d ms"
                            + " (warm-up pass %d ms), outcomes %s%n",
                    store, infras, nodesEach, instances, passMillis, warmUpMillis, outcomes);
        }
    }

    private FleetPass() {
    }

    /** A fleet written into a store of its own, and the app settings that select that store. */
    public record Fleet(String store, Map<String, String> settings, List<String> infraIds) {
    }

    /** Into a table of its own on Azurite, as a Function App's instances share one. */
    public static Fleet seed(Azurite azurite, int infras, int nodes) throws Exception {
        String table = "fleet" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TableStateStore store = TableStateStore.connect(new io.continuum.state.table.TableSettings(
                azurite.connectionString(), table, 3, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(30)));
        return new Fleet("Table store (Azurite)", Map.of("AzureWebJobsStorage", azurite.connectionString(),
                "CONTINUUM_STATE_TABLE_NAME", table), FleetState.seed(store, infras, nodes));
    }

    /** Into a directory the instances share through the file store (processes of one machine). */
    public static Fleet seed(Path dir, int infras, int nodes) throws Exception {
        return new Fleet("file store", Map.of("CONTINUUM_STATE_STORE", "file", "CONTINUUM_STATE_FILE_DIR", dir.toString()),
                FleetState.seed(new FileStateStore(dir), infras, nodes));
    }

    public static Result run(Fleet fleet, int nodes, int instances) throws Exception {
        int infras = fleet.infraIds().size();
        FunctionsHost.Builder builder = FunctionsHost.builder("fleet-" + instances).instances(instances);
        fleet.settings().forEach(builder::setting);
        try (FunctionsHost host = builder
                .setting("CONTINUUM_CLOUD_SIMULATE", "nova")
                .setting("CONTINUUM_FAN_OUT_SHARDS", Integer.toString(SHARDS))
                .setting("QUARKUS_LOG_LEVEL", "WARN")
                .frontDoor()
                .period("maintainTimer", Duration.ZERO).period("advanceTimer", Duration.ZERO)
                .period("autoscaleTimer", Duration.ZERO)
                .start()) {
            long t0 = System.nanoTime();
            host.tickNow("maintainTimer");
            long warmUp = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            Answer tick = host.tickNow("maintainTimer");
            long pass = (System.nanoTime() - t0) / 1_000_000;
            Map<String, Integer> outcomes = new TreeMap<>();
            Map<String, Integer> appearances = new TreeMap<>();
            if (tick.status() == 200) {
                for (JsonNode e : tick.json().path("ReturnValue").path("infrastructures")) {
                    outcomes.merge(e.path("outcome").asText(), 1, Integer::sum);
                    appearances.merge(e.path("infraId").asText(), 1, Integer::sum);
                }
            }
            host.report().print();
            return new Result(fleet.store(), instances, infras, nodes, pass, warmUp, outcomes, appearances, tick.status());
        }
    }

    /** The infrastructures that did not appear exactly once. */
    public static List<String> notOnce(Result r, List<String> expected) {
        return expected.stream().filter(id -> r.appearances().getOrDefault(id, 0) != 1).toList();
    }
}
