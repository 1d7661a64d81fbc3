package io.continuum.engine;

import io.continuum.engine.api.AutoscaleReport;
import io.continuum.engine.api.OperationBusyException;
import io.continuum.engine.api.RefusedException;
import io.continuum.model.AutoscaleRule;
import io.continuum.model.NodeSpec;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.AutoscaleRecord;
import io.continuum.state.InfraRecord;
import io.continuum.state.InfraStatus;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The autoscale pass, run by a timer: for every node with a {@code scaling.autoscale} rule, sample
 * its metric, remember the sample, ask the {@link ThresholdPolicy}, and start a scale operation
 * when it decides so. An infrastructure busy with another operation is left for the next pass.
 */
public final class Autoscaler {

    private static final Logger LOG = Logger.getLogger(Autoscaler.class);

    private final StateRepository repo;
    private final StoredBlueprints blueprints;
    private final OperationService operations;
    private final MetricSource metrics;
    private final NodeContexts contexts;
    private final Clock clock;

    public Autoscaler(StateRepository repo, StoredBlueprints blueprints, OperationService operations, MetricSource metrics,
                      NodeContexts contexts, Clock clock) {
        this.repo = repo;
        this.blueprints = blueprints;
        this.operations = operations;
        this.metrics = metrics;
        this.contexts = contexts;
        this.clock = clock;
    }

    public AutoscaleReport run() {
        List<AutoscaleReport.Entry> out = new ArrayList<>();
        for (InfraRecord infra : repo.infras()) {
            if (infra.status() != InfraStatus.ACTIVE) {
                continue;
            }
            try { // one infrastructure's failure never stops the pass over the others
                out.addAll(run(infra));
            } catch (RuntimeException e) {
                LOG.warnf("autoscale %s failed: %s", infra.infraId(), e.getMessage());
                out.add(new AutoscaleReport.Entry(infra.infraId(), null, null, 0, 0,
                        "error, retried next pass: " + e.getMessage(), null));
            }
        }
        return new AutoscaleReport(out);
    }

    private List<AutoscaleReport.Entry> run(InfraRecord infra) {
        ParsedBlueprint bp = blueprints.load(repo, infra.infraId());
        List<NodeSpec> autoscaled = bp.infra().nodes().stream().filter(n -> n.scaling().autoscale() != null).toList();
        if (autoscaled.isEmpty()) {
            return List.of();
        }
        List<String> brokers = List.copyOf(contexts.brokers(infra.infraId(), bp,
                repo.nodes(infra.infraId()).stream().map(Stored::value).toList()).values());
        Map<String, Integer> targets = Targets.effective(bp.infra(), infra.targets());
        Stored<AutoscaleRecord> memory = repo.autoscale(infra.infraId());
        AutoscaleRecord next = memory.value();
        List<AutoscaleReport.Entry> out = new ArrayList<>();
        Instant now = clock.instant();
        for (NodeSpec node : autoscaled) {
            AutoscaleRule rule = node.scaling().autoscale();
            OptionalDouble sample = brokers.isEmpty() ? OptionalDouble.empty() : metrics.sample(rule, brokers);
            int target = targets.get(node.name());
            if (sample.isEmpty()) {
                out.add(new AutoscaleReport.Entry(infra.infraId(), node.name(), null, target, target,
                        rule.metric() + " unavailable", null));
                continue;
            }
            next = next.withSample(node.name(), sample.getAsDouble(), rule.checks());
            ScalingDecision d = ThresholdPolicy.decide(rule, node.scaling(), next.of(node.name()).samples(), target,
                    next.of(node.name()).lastAction(), now);
            String opId = null;
            String reason = d.reason();
            if (d.changes(target)) {
                try {
                    opId = operations.scale(infra.infraId(), node.name(), d.target(), null).operationId();
                    next = next.withAction(node.name(), now);
                } catch (OperationBusyException | RefusedException busy) {
                    reason = "not applied, retried next pass: " + busy.getMessage();
                }
            }
            out.add(new AutoscaleReport.Entry(infra.infraId(), node.name(), sample.getAsDouble(), target,
                    opId == null ? target : d.target(), reason, opId));
        }
        repo.saveAutoscale(infra.infraId(), memory, next);
        return out;
    }
}
