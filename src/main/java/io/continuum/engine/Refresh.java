package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.ResourceStatus;
import io.continuum.context.AddressBook;
import io.continuum.context.RenderContext;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthResult;
import io.continuum.model.NodeDefinition;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Reconcile step 1: reads actual state. Every instance the cloud is building or running is asked
 * for its cloud state and, once running, health-checked; its phase follows (ready, booting, failed
 * after its health-check timeout, failed when it vanished). An outage of a cloud API says nothing
 * about a node and changes nothing.
 */
final class Refresh {

    private static final Logger LOG = Logger.getLogger(Refresh.class);
    private static final Set<NodePhase> OBSERVED = Set.of(NodePhase.PROVISIONING, NodePhase.BOOTING, NodePhase.READY);

    private final StepEffects io;
    private final NodeContexts contexts;
    private final HealthChecker health;

    Refresh(StepEffects io, NodeContexts contexts, HealthChecker health) {
        this.io = io;
        this.contexts = contexts;
        this.health = health;
    }

    /** Observes every instance in parallel, then writes the ones that changed together, in batches. */
    Snapshot run(Snapshot s, Progress progress) {
        AddressBook book = s.book();
        List<NodeRecord> seen = io.runAll(s.nodes().stream()
                .map(n -> (Callable<NodeRecord>) () -> refresh(s, n.value(), book, progress)).toList());
        return s.withNodes(io.repo.saveNodes(s.infraId(), s.nodes(), seen));
    }

    /** @return the instance as observed now (itself when nothing changed) */
    private NodeRecord refresh(Snapshot s, NodeRecord n, AddressBook book, Progress progress) {
        if (!OBSERVED.contains(n.phase()) || n.resource() == null) {
            return n;
        }
        Instant now = io.now();
        ResourceStatus status;
        try {
            status = io.clouds.handler(n.resourceType()).status(n.resource());
        } catch (RuntimeException e) {
            LOG.warnf("status of %s unavailable: %s", n.nodeId(), e.getMessage());
            return n;
        }
        NodeRecord next = switch (status.state()) {
            case GONE -> n.withPhase(NodePhase.FAILED, "resource vanished: " + status.detail(), now);
            case FAILED -> n.withPhase(NodePhase.FAILED, "cloud reports failure: " + status.detail(), now);
            case PENDING -> overdue(s, n, now) ? n.withPhase(NodePhase.FAILED, "still provisioning after "
                    + timeout(s, n).toSeconds() + " s", now) : n.withPhase(NodePhase.PROVISIONING, status.detail(), now);
            case RUNNING -> checkHealth(s, n.withResource(n.resource(), merge(n.addresses(), status.addresses())), book, now);
        };
        if (next.phase() != n.phase()) {
            StepEffects.report(progress, n.nodeId() + ": " + n.phase().name().toLowerCase() + " -> "
                    + next.phase().name().toLowerCase() + " (" + next.detail() + ")");
        }
        return next;
    }

    private NodeRecord checkHealth(Snapshot s, NodeRecord n, AddressBook book, Instant now) {
        Optional<NodeDefinition> def = s.definition(n);
        if (def.isEmpty()) {
            return n.phase() == NodePhase.READY ? n : n.withPhase(NodePhase.READY, "running", now);
        }
        HealthResult h;
        try {
            RenderContext ctx = contexts.context(s.infraId(), s.blueprint(), n, n.addresses(), book);
            h = health.check(contexts.healthTarget(def.get(), ctx, n.addresses().reachable()));
        } catch (RuntimeException e) {
            h = HealthResult.failed("health check could not run: " + e.getMessage());
        }
        return assess(n, h, def.get().healthCheck().timeout(), now);
    }

    /** The phase a running instance takes from its health check: pure, so each rule reads on its own. */
    static NodeRecord assess(NodeRecord n, HealthResult h, Duration timeout, Instant now) {
        if (h.healthy()) {
            return n.phase() == NodePhase.READY ? (n.unhealthySince() == null ? n : n.withUnhealthySince(null, h.detail()))
                    : n.withPhase(NodePhase.READY, h.detail(), now);
        }
        if (n.phase() == NodePhase.READY) { // unhealthy for a while is tolerated, up to the health-check timeout
            Instant since = n.unhealthySince() == null ? now : n.unhealthySince();
            return now.isAfter(since.plus(timeout))
                    ? n.withPhase(NodePhase.FAILED, "unhealthy for " + timeout.toSeconds() + " s: " + h.detail(), now)
                    : n.withUnhealthySince(since, h.detail());
        }
        NodeRecord booting = n.withPhase(NodePhase.BOOTING, h.detail(), now);
        return now.isAfter(booting.since().plus(timeout))
                ? booting.withPhase(NodePhase.FAILED, "not healthy within " + timeout.toSeconds() + " s: " + h.detail(), now)
                : booting;
    }

    private static boolean overdue(Snapshot s, NodeRecord n, Instant now) {
        return now.isAfter(n.since().plus(timeout(s, n)));
    }

    private static Duration timeout(Snapshot s, NodeRecord n) {
        return s.definition(n).map(d -> d.healthCheck().timeout()).orElse(Duration.ofMinutes(10));
    }

    private static Addresses merge(Addresses known, Addresses seen) {
        return new Addresses(seen.publicAddress() != null ? seen.publicAddress() : known.publicAddress(),
                seen.privateAddress() != null ? seen.privateAddress() : known.privateAddress());
    }
}
