package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.context.AddressBook;
import io.continuum.context.RenderContext;
import io.continuum.context.TemplateException;
import io.continuum.model.NodeDefinition;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * Reconcile step: creates (and re-creates) instances by level. A level is started only when every
 * level below it is ready; its nodes are created in parallel. Every change is recorded before and
 * after its cloud call, and a resource is found by name before it is created, so a crash anywhere
 * resumes without duplicates.
 */
final class Creations {

    private static final Logger LOG = Logger.getLogger(Creations.class);

    private final StepEffects io;
    private final NodeContexts contexts;
    private final Deletions deletions;
    private final ReplacementCheck replacements;
    private final ControllerQuorum quorum;

    Creations(StepEffects io, NodeContexts contexts, Deletions deletions, ReplacementCheck replacements,
              ControllerQuorum quorum) {
        this.io = io;
        this.contexts = contexts;
        this.deletions = deletions;
        this.replacements = replacements;
        this.quorum = quorum;
    }

    /** @return how many creations were carried out (ones waiting on a lower level or a check not counted) */
    int run(Snapshot s, Plan plan, Progress progress) {
        Map<String, Stored<NodeRecord>> byId = s.byId();
        AddressBook book = s.book();
        Set<Integer> pendingLevels = new HashSet<>();
        for (Stored<NodeRecord> n : s.nodes()) {
            if (n.value().phase() != NodePhase.READY && n.value().phase() != NodePhase.DELETING) {
                pendingLevels.add(n.value().level());
            }
        }
        plan.actions().stream().filter(a -> a.action() != Action.DELETE).forEach(a -> pendingLevels.add(a.level()));
        List<PlannedAction> creates = plan.actions().stream()
                .filter(a -> a.action() != Action.DELETE)
                .filter(a -> pendingLevels.stream().noneMatch(l -> l < a.level()))
                .filter(a -> a.action() != Action.RECREATE || replacements.mayReplace(s, byId.get(a.nodeId()), book, progress))
                .filter(a -> quorum.mayCreate(s, plan, a, progress))
                .toList();
        return createAll(s, creates, byId, book, progress);
    }

    /**
     * Creates (or re-creates) instances in parallel; rolling re-configuration goes through here too.
     * Their rows are written together before any cloud call (a crash from then on resumes each
     * creation by name) and together after the last one, in batches, not one write per instance.
     * A controller re-created leaves the quorum first; one that cannot yet waits for a later step.
     *
     * @return how many were carried out
     */
    int createAll(Snapshot s, List<PlannedAction> planned, Map<String, Stored<NodeRecord>> byId, AddressBook book,
                  Progress progress) {
        List<PlannedAction> actions = planned.stream()
                .filter(a -> a.action() != Action.RECREATE || quorum.leftQuorum(s, a, progress)).toList();
        if (actions.isEmpty()) {
            return 0;
        }
        List<Stored<NodeRecord>> existing = actions.stream().map(a -> byId.get(a.nodeId())).toList();
        List<NodeRecord> intended = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            intended.add(intended(s, actions.get(i), existing.get(i), progress));
        }
        List<Stored<NodeRecord>> rows = io.repo.saveNodes(s.infraId(), existing, intended);
        List<Outcome> outcomes = io.runAll(IntStream.range(0, actions.size())
                .mapToObj(i -> (Callable<Outcome>) () -> create(s, actions.get(i), rows.get(i), book, progress)).toList());
        io.repo.saveNodes(s.infraId(), outcomes.stream().map(Outcome::row).toList(),
                outcomes.stream().map(Outcome::next).toList());
        return actions.size();
    }

    /** The row recorded before the cloud is called: a new instance, or one re-created from here on. */
    private NodeRecord intended(Snapshot s, PlannedAction a, Stored<NodeRecord> existing, Progress progress) {
        if (existing == null) {
            String type = s.blueprint().definitionOf(a.node()).resource().type();
            return NodeRecord.creating(a.nodeId(), a.node(), a.index(), a.level(), type, io.now());
        }
        if (a.action() == Action.RECREATE) {
            StepEffects.report(progress, a.nodeId() + ": " + a.reason());
            // From here on, steps resume by deleting the previous resource.
            return existing.value().recreating(Deletions.resourceOf(s.infraId(), existing.value()), io.now());
        }
        return existing.value();
    }

    /** A row as it stands and what it becomes, written with the rest of the step's. */
    private record Outcome(Stored<NodeRecord> row, NodeRecord next) {
    }

    /** The cloud calls of one creation, on its recorded row. */
    private Outcome create(Snapshot s, PlannedAction a, Stored<NodeRecord> recorded, AddressBook book, Progress progress) {
        String infraId = s.infraId();
        NodeDefinition def = s.blueprint().definitionOf(a.node());
        String type = def.resource().type();
        Stored<NodeRecord> row = recorded;
        try {
            ResourceHandler handler = io.clouds.handler(type);
            if (row.value().resource() != null) {
                Optional<Stored<NodeRecord>> fresh = withoutPrevious(infraId, row, type, progress);
                if (fresh.isEmpty()) {
                    return new Outcome(row, row.value());
                }
                row = fresh.get();
            }
            StepEffects.report(progress, a.nodeId() + ": creating on " + type + " (" + a.reason() + ")");
            NodeRecord n = row.value();
            Addresses addresses = handler.prepare(request(infraId, n, def, List.of()));
            RenderContext ctx = contexts.bootContext(infraId, s.blueprint(), s.values(), n, addresses, book);
            ResourceRequest req = request(infraId, n, def, contexts.ports(def, ctx));
            // No write between prepare and create: prepare is idempotent, so a crash here repeats it.
            BootConfig boot = contexts.boot(def, ctx);
            ResourceRef ref = handler.create(req, boot);
            StepEffects.report(progress, a.nodeId() + ": created " + ref.name() + " (" + addresses.reachable() + ")");
            return new Outcome(row, n.withResource(ref, addresses)
                    .withRenderedWith(NodeContexts.dependeesDigest(s.blueprint(), a.node(), book))
                    .withPhase(NodePhase.PROVISIONING, "created", io.now()));
        } catch (CloudException | TemplateException e) {
            boolean permanent = !(e instanceof CloudException ce) || ce.permanent();
            return new Outcome(row, failed(row.value(), e.getMessage(), permanent, progress));
        } catch (RuntimeException e) {
            LOG.errorf(e, "creating %s failed", a.nodeId());
            return new Outcome(row, failed(row.value(), e.toString(), false, progress));
        }
    }

    /**
     * One step of deleting a re-created instance's previous resource: the new one takes its name, so
     * it is created only once that is gone. A transient failure is retried by a later step without
     * counting as a creation attempt.
     *
     * @return the row, its previous resource cleared, once that is gone; empty while it is not
     */
    private Optional<Stored<NodeRecord>> withoutPrevious(String infraId, Stored<NodeRecord> row, String typeNow,
                                                         Progress progress) {
        NodeRecord n = row.value();
        try {
            if (!deletions.resourceGone(infraId, n)) {
                io.save(row, deletions.waiting(n, Deletions.waitingFor(n.resource()) + " before re-creating it", progress));
                return Optional.empty();
            }
        } catch (CloudException e) {
            if (e.permanent()) {
                throw e;
            }
            StepEffects.report(progress, n.nodeId() + ": deleting its previous resource failed, will retry: " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(io.save(row, n.freshOn(typeNow)));
    }

    private NodeRecord failed(NodeRecord n, String why, boolean permanent, Progress progress) {
        NodeRecord failed = n.withPhase(NodePhase.FAILED, why, io.now());
        StepEffects.report(progress, n.nodeId() + ": failed: " + why + (permanent ? " (not retried)" : ""));
        return permanent ? failed.withAttempts(Integer.MAX_VALUE) : failed;
    }

    private static ResourceRequest request(String infraId, NodeRecord n, NodeDefinition def, List<Integer> ports) {
        return new ResourceRequest(infraId, n.nodeId(), ResourceNames.of(infraId, n.nodeId()), def.resource(),
                ResourceRequest.tagsFor(infraId, n.nodeId()), ports);
    }
}
