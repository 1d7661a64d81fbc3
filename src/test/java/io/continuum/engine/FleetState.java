package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.model.Blueprint;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.Parsers;
import io.continuum.state.InfraRecord;
import io.continuum.state.InfraStatus;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.StateRepository;
import io.continuum.state.StateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A fleet of deployed infrastructures written straight into a state store, as a finished deploy
 * leaves them (every instance READY, the deploy SUCCEEDED), for measuring what the timers do at
 * fleet scale without waiting for 100,000 creations first. The nodes are {@code nova} servers, to
 * be served by the simulated cloud ({@code continuum.cloud.simulate=nova}).
 */
public final class FleetState {

    private FleetState() {
    }

    /** One node type of {@code nodes} servers, no health check beyond the cloud's own state. */
    public static Blueprint blueprint(int nodes) {
        String infra = """
                infra_name: fleet
                nodes:
                  - {name: worker, type: worker_node, scaling: {min: %d, max: %d}}
                """.formatted(nodes, nodes);
        String defs = """
                'node_def:worker_node':
                  - resource:
                      type: nova
                      endpoint: https://openstack.invalid:5000/v3
                      project_id: fleet
                      image_id: fleet-image
                      flavor_name: m1.small
                    contextualisation:
                      type: cloudinit
                      context_template: "#cloud-config"
                """;
        return Blueprint.of(infra, defs, Map.of());
    }

    /** Writes {@code infras} infrastructures of {@code nodes} nodes each; returns their ids. */
    public static List<String> seed(StateStore store, int infras, int nodes) throws Exception {
        StateRepository repo = new StateRepository(store, EngineHarness.JSON);
        Blueprint blueprint = blueprint(nodes);
        ParsedBlueprint bp = Parsers.standard().parse(blueprint).blueprint().orElseThrow();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < infras; i++) {
                String infraId = "fleet-%06d".formatted(i);
                ids.add(writers.submit(() -> write(repo, blueprint, bp, infraId, nodes)));
            }
            List<String> out = new ArrayList<>();
            for (Future<String> f : ids) {
                out.add(f.get(10, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            writers.shutdownNow();
        }
    }

    private static String write(StateRepository repo, Blueprint blueprint, ParsedBlueprint bp, String infraId, int nodes) {
        Instant now = Instant.now();
        OperationRecord deployed = OperationRecord.start(infraId + ".op-00000000", infraId, OperationKind.DEPLOY,
                "deploy " + nodes + " worker", now).finished(OperationState.SUCCEEDED, null, now);
        repo.create(new InfraRecord(infraId, "fleet", null, InfraStatus.ACTIVE, Map.of("worker", nodes), now, now, null),
                blueprint, deployed);
        List<NodeRecord> rows = new ArrayList<>();
        int level = bp.levelOf("worker");
        for (int i = 1; i <= nodes; i++) {
            String nodeId = "worker-" + i;
            String name = ResourceNames.of(infraId, nodeId);
            ResourceRef ref = new ResourceRef("nova", name, "sim-" + name, ResourceRequest.tagsFor(infraId, nodeId));
            rows.add(NodeRecord.creating(nodeId, "worker", i, level, "nova", now)
                    .withResource(ref, new Addresses("203.0.113." + (1 + i % 254), null))
                    .withPhase(NodePhase.READY, "running", now));
        }
        repo.insertNodes(infraId, rows);
        return infraId;
    }
}
