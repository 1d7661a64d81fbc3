package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceStatus;
import io.continuum.context.AddressBook;
import io.continuum.context.RenderContext;
import io.continuum.context.TemplateException;
import io.continuum.context.TemplateRenderer;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthResult;
import io.continuum.model.NodeDefinition;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.InfraRecord;
import io.continuum.state.InfraStatus;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One level-triggered reconcile step for one infrastructure: read actual state (state store and
 * clouds), plan, apply what the plan allows now, record every change before and after it. Steps
 * are idempotent; a crash anywhere is repaired by the next step. Nodes of a level are handled in
 * parallel (bounded); a level is started only when every level below it is ready.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final StateRepository repo;
    private final Clouds clouds;
    private final NodeContexts contexts;
    private final HealthChecker health;
    private final Planner planner;
    private final ClusterHooks cluster;
    private final Clock clock;
    private final ExecutorService workers;

    public Reconciler(StateRepository repo, Clouds clouds, TemplateRenderer renderer,
                      HealthChecker health, ClusterHooks cluster, EngineConfig config, Clock clock) {
        this.repo = repo;
        this.cluster = cluster;
        this.clouds = clouds;
        this.contexts = new NodeContexts(renderer);
        this.health = health;
        this.planner = new Planner(config.maxAttempts(), config.retryBackoff());
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(config.parallelism(), r -> {
            Thread t = new Thread(r, "continuum-reconcile");
            t.setDaemon(true);
            return t;
        });
    }

    /** The plan the next step would follow, without applying it (a Terraform-like preview). */
    public Plan preview(String infraId) {
        InfraRecord infra = infra(infraId).value();
        return planner.plan(blueprint(infraId), infra.targets(), values(repo.nodes(infraId)), clock.instant());
    }

    public Plan preview(ParsedBlueprint desired, Map<String, Integer> targets, List<NodeRecord> actual) {
        return planner.plan(desired, targets, actual, clock.instant());
    }

    public StepResult step(String infraId, Progress progress, boolean sweepOrphans) {
        Stored<InfraRecord> infra = infra(infraId);
        if (infra.value().status() == InfraStatus.DESTROYING) {
            boolean destroyed = destroy(infraId, progress);
            return new StepResult(destroyed, List.of(), destroyed, destroyed);
        }
        ParsedBlueprint bp = blueprint(infraId);
        List<Stored<NodeRecord>> nodes = refresh(infraId, bp, repo.nodes(infraId), progress);
        if (sweepOrphans) {
            sweepOrphans(infraId, bp, values(nodes), progress);
        }
        Plan plan = planner.plan(bp, infra.value().targets(), values(nodes), clock.instant());
        int applied = 0;
        if (!plan.isEmpty()) {
            applied = apply(infraId, bp, plan, nodes, progress);
            nodes = repo.nodes(infraId);
            plan = planner.plan(bp, infra.value().targets(), values(nodes), clock.instant());
        }
        boolean converged = plan.isEmpty() && plan.blocked().isEmpty()
                && nodes.stream().allMatch(n -> n.value().phase() == NodePhase.READY);
        if (converged && rollOne(infraId, bp, nodes, progress)) {
            converged = false;
        } else if (converged) {
            converged = clusterSettled(infraId, bp, nodes, progress);
        }
        // Nothing done and nothing that could change by itself: every instance is ready or has
        // failed beyond its retries (a plan may still list creates that wait on such a failure).
        boolean settled = applied == 0 && nodes.stream().allMatch(n -> n.value().phase() == NodePhase.READY
                || n.value().phase() == NodePhase.FAILED && planner.exhausted(n.value()));
        return new StepResult(converged, plan.blocked(), false, settled);
    }

    /**
     * Configuration is rendered when an instance is created (Occopus's getip is frozen at boot), so
     * when the nodes it depends on have moved (a re-created ZooKeeper with a new address) it is
     * re-created with a fresh configuration: one instance at a time, lowest level first, each only
     * once every instance is ready again and no broker leads an under-replicated partition.
     *
     * @return whether an instance is being rolled
     */
    private boolean rollOne(String infraId, ParsedBlueprint bp, List<Stored<NodeRecord>> nodes, Progress progress) {
        AddressBook book = NodeContexts.addressBook(values(nodes));
        Optional<Stored<NodeRecord>> stale = nodes.stream()
                .filter(n -> n.value().renderedWith() != null && bp.infra().node(n.value().nodeName()).isPresent())
                .filter(n -> !n.value().renderedWith().equals(NodeContexts.dependeesDigest(bp, n.value().nodeName(), book)))
                .min(Comparator.comparingInt((Stored<NodeRecord> n) -> n.value().level())
                        .thenComparingInt(n -> n.value().index()));
        if (stale.isEmpty()) {
            return false;
        }
        List<String> brokers = List.copyOf(contexts.brokers(infraId, bp, values(nodes)).values());
        try {
            if (!brokers.isEmpty() && cluster.underReplicatedLeaders(brokers).values().stream().anyMatch(c -> c > 0)) {
                report(progress, "rolling re-configuration waits for in-sync replicas");
                return true;
            }
        } catch (RuntimeException e) {
            report(progress, "rolling re-configuration waits for the cluster: " + e.getMessage());
            return true;
        }
        NodeRecord n = stale.get().value();
        create(infraId, bp, new PlannedAction(n.level(), Action.RECREATE, n.nodeName(), n.nodeId(), n.index(),
                "the nodes it depends on moved; re-created with a fresh configuration (one at a time)"),
                stale.get(), book, progress);
        return true;
    }

    /**
     * Once every instance is ready, the cluster itself must be in shape: partitions spread over all
     * brokers (new ones included), and each broker's lag behind its followers tracked for health.
     */
    private boolean clusterSettled(String infraId, ParsedBlueprint bp, List<Stored<NodeRecord>> nodes, Progress progress) {
        Map<String, String> brokers = contexts.brokers(infraId, bp, values(nodes));
        if (brokers.isEmpty()) {
            return true;
        }
        List<String> endpoints = List.copyOf(brokers.values());
        try {
            Map<String, Integer> lagging = cluster.underReplicatedLeaders(endpoints);
            Instant now = clock.instant();
            for (Stored<NodeRecord> n : nodes) {
                String endpoint = brokers.get(n.value().nodeId());
                if (endpoint != null) {
                    boolean lags = lagging.getOrDefault(endpoint, 0) > 0;
                    Instant since = n.value().laggingSince();
                    if (lags != (since != null)) {
                        repo.updateNode(n, n.value().withLaggingSince(lags ? now : null));
                    }
                }
            }
            return cluster.rebalance(endpoints, m -> report(progress, m));
        } catch (RuntimeException e) {
            report(progress, "cluster not in shape yet: " + e.getMessage());
            return false;
        }
    }

    // reading actual state

    private List<Stored<NodeRecord>> refresh(String infraId, ParsedBlueprint bp, List<Stored<NodeRecord>> nodes,
                                             Progress progress) {
        AddressBook book = NodeContexts.addressBook(values(nodes));
        List<Callable<Stored<NodeRecord>>> tasks = nodes.stream()
                .map(n -> (Callable<Stored<NodeRecord>>) () -> refresh(infraId, bp, n, book, progress))
                .toList();
        return runAll(tasks);
    }

    private Stored<NodeRecord> refresh(String infraId, ParsedBlueprint bp, Stored<NodeRecord> stored, AddressBook book,
                                       Progress progress) {
        NodeRecord n = stored.value();
        Set<NodePhase> observed = Set.of(NodePhase.PROVISIONING, NodePhase.BOOTING, NodePhase.READY);
        if (!observed.contains(n.phase()) || n.resource() == null) {
            return stored;
        }
        Instant now = clock.instant();
        ResourceStatus status;
        try {
            status = clouds.handler(n.resourceType()).status(n.resource());
        } catch (RuntimeException e) {
            LOG.warnf("status of %s unavailable: %s", n.nodeId(), e.getMessage());
            return stored; // an outage of the cloud API says nothing about the node
        }
        NodeRecord next = switch (status.state()) {
            case GONE -> n.withPhase(NodePhase.FAILED, "resource vanished: " + status.detail(), now);
            case FAILED -> n.withPhase(NodePhase.FAILED, "cloud reports failure: " + status.detail(), now);
            case PENDING -> overdue(bp, n, now) ? n.withPhase(NodePhase.FAILED, "still provisioning after "
                    + timeout(bp, n).toSeconds() + " s", now) : n.withPhase(NodePhase.PROVISIONING, status.detail(), now);
            case RUNNING -> checkHealth(infraId, bp, n.withResource(n.resource(), merge(n.addresses(), status.addresses())),
                    book, now);
        };
        if (next.equals(n)) {
            return stored;
        }
        if (next.phase() != n.phase()) {
            report(progress, n.nodeId() + ": " + n.phase().name().toLowerCase() + " -> "
                    + next.phase().name().toLowerCase() + " (" + next.detail() + ")");
        }
        return repo.updateNode(stored, next);
    }

    private NodeRecord checkHealth(String infraId, ParsedBlueprint bp, NodeRecord n, AddressBook book, Instant now) {
        Optional<NodeDefinition> def = definition(bp, n);
        if (def.isEmpty()) {
            return n.phase() == NodePhase.READY ? n : n.withPhase(NodePhase.READY, "running", now);
        }
        HealthResult h;
        try {
            RenderContext ctx = contexts.context(infraId, bp, n, n.addresses(), book);
            h = health.check(contexts.healthTarget(def.get(), ctx, n.addresses().reachable()));
        } catch (RuntimeException e) {
            h = HealthResult.failed("health check could not run: " + e.getMessage());
        }
        Duration timeout = def.get().healthCheck().timeout();
        if (h.healthy()) {
            return n.phase() == NodePhase.READY ? (n.unhealthySince() == null ? n : n.withUnhealthySince(null, h.detail()))
                    : n.withPhase(NodePhase.READY, h.detail(), now);
        }
        if (n.phase() == NodePhase.READY) {
            Instant since = n.unhealthySince() == null ? now : n.unhealthySince();
            return now.isAfter(since.plus(timeout))
                    ? n.withPhase(NodePhase.FAILED, "unhealthy for " + timeout.toSeconds() + " s: " + h.detail(), now)
                    : n.withUnhealthySince(since, h.detail());
        }
        NodeRecord booting = n.withPhase(NodePhase.BOOTING, h.detail(), now);
        return overdue(bp, booting, now)
                ? booting.withPhase(NodePhase.FAILED, "not healthy within " + timeout.toSeconds() + " s: " + h.detail(), now)
                : booting;
    }

    private boolean overdue(ParsedBlueprint bp, NodeRecord n, Instant now) {
        return now.isAfter(n.since().plus(timeout(bp, n)));
    }

    private static Duration timeout(ParsedBlueprint bp, NodeRecord n) {
        return definition(bp, n).map(d -> d.healthCheck().timeout()).orElse(Duration.ofMinutes(10));
    }

    private static Addresses merge(Addresses known, Addresses seen) {
        return new Addresses(seen.publicAddress() != null ? seen.publicAddress() : known.publicAddress(),
                seen.privateAddress() != null ? seen.privateAddress() : known.privateAddress());
    }

    // applying a plan

    /** @return how many creates and deletes were carried out (waiting ones not counted) */
    private int apply(String infraId, ParsedBlueprint bp, Plan plan, List<Stored<NodeRecord>> nodes, Progress progress) {
        Map<String, Stored<NodeRecord>> byId = nodes.stream().collect(Collectors.toMap(n -> n.value().nodeId(), Function.identity()));
        AddressBook book = NodeContexts.addressBook(values(nodes));
        Set<Integer> pendingLevels = new HashSet<>();
        for (Stored<NodeRecord> n : nodes) {
            if (n.value().phase() != NodePhase.READY && n.value().phase() != NodePhase.DELETING) {
                pendingLevels.add(n.value().level());
            }
        }
        plan.actions().stream().filter(a -> a.action() != Action.DELETE).forEach(a -> pendingLevels.add(a.level()));
        List<PlannedAction> creates = plan.actions().stream()
                .filter(a -> a.action() != Action.DELETE)
                .filter(a -> pendingLevels.stream().noneMatch(l -> l < a.level()))
                .filter(a -> a.action() != Action.RECREATE || goneFromCluster(infraId, bp, byId.get(a.nodeId()), nodes, book, progress))
                .toList();
        runAll(creates.stream().map(a -> (Callable<Void>) () -> {
            create(infraId, bp, a, byId.get(a.nodeId()), book, progress);
            return null;
        }).toList());

        List<PlannedAction> deletes = plan.actions().stream().filter(a -> a.action() == Action.DELETE).toList();
        if (deletes.isEmpty()) {
            return creates.size();
        }
        List<Stored<NodeRecord>> current = repo.nodes(infraId); // creates above changed rows
        if (!drained(infraId, bp, current, deletes, progress)) {
            Set<String> leaving = brokersAmong(bp, current, deletes);
            deletes = deletes.stream().filter(a -> !leaving.contains(a.nodeId())).toList();
        }
        Map<String, String> reasons = deletes.stream()
                .collect(Collectors.toMap(PlannedAction::nodeId, PlannedAction::reason, (a, b) -> a));
        List<Stored<NodeRecord>> leaving = repo.nodes(infraId).stream()
                .filter(n -> reasons.containsKey(n.value().nodeId())).toList();
        deleteByLevel(infraId, leaving, n -> reasons.get(n.nodeId()), progress);
        return creates.size() + deletes.size();
    }

    /**
     * One deletion step per node, highest level first; a level starts only once every node above it
     * is gone, as dependants go before what they depend on.
     *
     * @return whether every one of them is gone
     */
    private boolean deleteByLevel(String infraId, List<Stored<NodeRecord>> nodes, Function<NodeRecord, String> reason,
                                  Progress progress) {
        TreeMap<Integer, List<Stored<NodeRecord>>> byLevel = nodes.stream()
                .collect(Collectors.groupingBy(n -> n.value().level(), TreeMap::new, Collectors.toList()));
        for (List<Stored<NodeRecord>> level : byLevel.descendingMap().values()) {
            List<Boolean> gone = runAll(level.stream()
                    .map(n -> (Callable<Boolean>) () -> delete(infraId, n, reason.apply(n.value()), progress))
                    .toList());
            if (gone.contains(false)) {
                return false;
            }
        }
        return true;
    }

    /** A failed broker is replaced only once the cluster no longer lists it (see {@link ClusterHooks#registered}). */
    private boolean goneFromCluster(String infraId, ParsedBlueprint bp, Stored<NodeRecord> failed,
                                    List<Stored<NodeRecord>> nodes, AddressBook book, Progress progress) {
        Optional<String> endpoint = contexts.brokerEndpoint(infraId, bp, failed.value(), book);
        List<String> others = contexts.brokers(infraId, bp, values(nodes)).values().stream()
                .filter(e -> endpoint.map(x -> !x.equals(e)).orElse(true)).toList();
        if (endpoint.isEmpty() || others.isEmpty()) {
            return true;
        }
        try {
            if (!cluster.registered(others, endpoint.get())) {
                return true;
            }
            report(progress, failed.value().nodeId() + ": waiting for the cluster to drop the failed broker before replacing it");
        } catch (RuntimeException e) {
            report(progress, failed.value().nodeId() + ": replacement waits, the cluster does not answer: " + e.getMessage());
        }
        return false;
    }

    /**
     * Brokers about to be deleted are drained first: their replicas move to the brokers that stay,
     * which keeps every record. Until then they are marked DELETING and left running.
     */
    private boolean drained(String infraId, ParsedBlueprint bp, List<Stored<NodeRecord>> nodes,
                            List<PlannedAction> deletes, Progress progress) {
        Set<String> leaving = brokersAmong(bp, nodes, deletes);
        if (leaving.isEmpty()) {
            return true;
        }
        for (Stored<NodeRecord> n : nodes) {
            if (leaving.contains(n.value().nodeId()) && n.value().phase() != NodePhase.DELETING) {
                repo.updateNode(n, n.value().withPhase(NodePhase.DELETING, "draining", clock.instant()));
            }
        }
        List<String> remaining = contexts.brokers(infraId, bp, values(nodes)).entrySet().stream()
                .filter(e -> !leaving.contains(e.getKey())).map(Map.Entry::getValue).toList();
        if (remaining.isEmpty()) {
            return true; // no broker stays: nothing to move the data to
        }
        try {
            return cluster.drain(remaining, m -> report(progress, m));
        } catch (RuntimeException e) {
            report(progress, "draining " + String.join(", ", leaving) + " waits: " + e.getMessage());
            return false;
        }
    }

    private static Set<String> brokersAmong(ParsedBlueprint bp, List<Stored<NodeRecord>> nodes, List<PlannedAction> deletes) {
        Set<String> ids = deletes.stream().map(PlannedAction::nodeId).collect(Collectors.toSet());
        return nodes.stream().map(Stored::value)
                // a re-created instance (CREATING) records only its previous resource, already being deleted
                .filter(n -> ids.contains(n.nodeId()) && n.resource() != null && n.phase() != NodePhase.FAILED
                        && n.phase() != NodePhase.CREATING)
                .filter(n -> NodeContexts.isBroker(definition(bp, n).orElse(null)))
                .map(NodeRecord::nodeId).collect(Collectors.toSet());
    }

    private void create(String infraId, ParsedBlueprint bp, PlannedAction a, Stored<NodeRecord> existing,
                        AddressBook book, Progress progress) {
        NodeDefinition def = bp.definitionOf(a.node());
        String type = def.resource().type();
        Instant now = clock.instant();
        Stored<NodeRecord> row = existing != null ? existing
                : repo.insertNode(infraId, NodeRecord.creating(a.nodeId(), a.node(), a.index(), a.level(), type, now));
        try {
            ResourceHandler handler = clouds.handler(type);
            if (a.action() == Action.RECREATE) {
                report(progress, a.nodeId() + ": " + a.reason());
                // Recorded first: from here on, steps resume by deleting the previous resource.
                row = repo.updateNode(row, row.value().recreating(resourceOf(infraId, row.value()), clock.instant()));
            }
            if (row.value().resource() != null) {
                Optional<Stored<NodeRecord>> fresh = withoutPrevious(infraId, row, type, progress);
                if (fresh.isEmpty()) {
                    return;
                }
                row = fresh.get();
            }
            report(progress, a.nodeId() + ": creating on " + type + " (" + a.reason() + ")");
            NodeRecord n = row.value();
            ResourceRequest bare = request(infraId, n, def, List.of());
            Addresses addresses = handler.prepare(bare);
            RenderContext ctx = contexts.context(infraId, bp, n, addresses, book);
            ResourceRequest req = request(infraId, n, def, contexts.ports(def, ctx));
            // No write between prepare and create: prepare is idempotent, so a crash here repeats it.
            BootConfig boot = contexts.boot(def, ctx);
            ResourceRef ref = handler.create(req, boot);
            row = repo.updateNode(row, row.value().withResource(ref, addresses)
                    .withRenderedWith(NodeContexts.dependeesDigest(bp, a.node(), book))
                    .withPhase(NodePhase.PROVISIONING, "created", clock.instant()));
            report(progress, a.nodeId() + ": created " + ref.name() + " (" + addresses.reachable() + ")");
        } catch (CloudException | TemplateException e) {
            boolean permanent = !(e instanceof CloudException ce) || ce.permanent();
            fail(row, e.getMessage(), permanent, progress);
        } catch (RuntimeException e) {
            LOG.errorf(e, "creating %s failed", a.nodeId());
            fail(row, e.toString(), false, progress);
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
            if (!deleteResource(infraId, n)) {
                waiting(row, waitingFor(n.resource()) + " before re-creating it", progress);
                return Optional.empty();
            }
        } catch (CloudException e) {
            if (e.permanent()) {
                throw e;
            }
            report(progress, n.nodeId() + ": deleting its previous resource failed, will retry: " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(repo.updateNode(row, n.freshOn(typeNow)));
    }

    private void fail(Stored<NodeRecord> row, String why, boolean permanent, Progress progress) {
        NodeRecord failed = row.value().withPhase(NodePhase.FAILED, why, clock.instant());
        if (permanent) {
            failed = failed.withAttempts(Integer.MAX_VALUE);
        }
        repo.updateNode(row, failed);
        report(progress, row.value().nodeId() + ": failed: " + why + (permanent ? " (not retried)" : ""));
    }

    /**
     * One deletion step: the node is DELETING until its resource is gone, then its row goes.
     *
     * @return whether it is gone
     */
    private boolean delete(String infraId, Stored<NodeRecord> row, String reason, Progress progress) {
        NodeRecord n = row.value();
        if (n.phase() != NodePhase.DELETING) {
            report(progress, n.nodeId() + ": deleting (" + reason + ")");
            row = repo.updateNode(row, n.withPhase(NodePhase.DELETING, reason, clock.instant()));
        }
        try {
            if (!deleteResource(infraId, n)) {
                waiting(row, waitingFor(resourceOf(infraId, n)), progress);
                return false;
            }
            repo.deleteNode(row);
            report(progress, n.nodeId() + ": deleted");
            return true;
        } catch (CloudException e) {
            report(progress, n.nodeId() + ": delete failed, will retry: " + e.getMessage());
            return false;
        }
    }

    /** One step of deleting a node's resource; @return whether it is gone */
    private boolean deleteResource(String infraId, NodeRecord n) {
        return clouds.handler(n.resourceType()).delete(resourceOf(infraId, n));
    }

    /** A node's resource, by name and tags when its creation was interrupted before the cloud id was recorded. */
    private static ResourceRef resourceOf(String infraId, NodeRecord n) {
        return n.resource() != null ? n.resource()
                : new ResourceRef(n.resourceType(), ResourceNames.of(infraId, n.nodeId()), null,
                ResourceRequest.tagsFor(infraId, n.nodeId()));
    }

    private static String waitingFor(ResourceRef ref) {
        return "waiting for " + ref.type() + " to delete " + ref.name();
    }

    /** A deletion under way, not failed: the node keeps its phase and says what it waits for; the next step calls again. */
    private void waiting(Stored<NodeRecord> row, String what, Progress progress) {
        NodeRecord n = row.value();
        report(progress, n.nodeId() + ": " + what + " (under way)");
        if (!what.equals(n.detail())) {
            repo.updateNode(row, n.withPhase(n.phase(), what, clock.instant()));
        }
    }

    private static ResourceRequest request(String infraId, NodeRecord n, NodeDefinition def, List<Integer> ports) {
        return new ResourceRequest(infraId, n.nodeId(), ResourceNames.of(infraId, n.nodeId()), def.resource(),
                ResourceRequest.tagsFor(infraId, n.nodeId()), ports);
    }

    // orphans and destroy

    private void sweepOrphans(String infraId, ParsedBlueprint bp, List<NodeRecord> nodes, Progress progress) {
        List<String> failures = new ArrayList<>();
        deleteUnrecorded(infraId, typesOf(bp, nodes), nodes, "an orphan: no node instance records it", failures, progress);
        failures.forEach(f -> report(progress, "could not delete orphans on " + f));
    }

    /**
     * One destroy step: a deletion step for every instance, level by level, and for every resource
     * tagged with this infrastructure that no instance records. Deletions the clouds are still
     * carrying out are left to the next step.
     *
     * @return whether the infrastructure is gone (and forgotten)
     */
    private boolean destroy(String infraId, Progress progress) {
        List<Stored<NodeRecord>> nodes = repo.nodes(infraId);
        deleteByLevel(infraId, nodes, n -> "destroy", progress);
        List<NodeRecord> left = values(repo.nodes(infraId));
        List<String> failures = new ArrayList<>();
        int tagged = deleteUnrecorded(infraId, typesOf(blueprint(infraId), values(nodes)), left,
                "tagged with this infrastructure", failures, progress);
        if (!failures.isEmpty()) {
            throw new CloudException("destroy incomplete, will retry: " + String.join("; ", failures)
                    + (left.isEmpty() ? "" : " (instances left: " + left.size() + ")"), false);
        }
        if (!left.isEmpty() || tagged > 0) {
            report(progress, "destroy under way: " + left.size() + " instance(s) and " + tagged
                    + " other tagged resource(s) not gone yet");
            return false;
        }
        repo.forget(infraId);
        report(progress, "infrastructure " + infraId + " destroyed");
        return true;
    }

    /**
     * One deletion step for every resource of these types tagged with this infrastructure that none of
     * {@code nodes} records (those are deleted through their node). A type whose resources cannot be
     * listed or deleted is added to {@code failures}.
     *
     * @return how many of them are not gone yet
     */
    private int deleteUnrecorded(String infraId, Set<String> types, List<NodeRecord> nodes, String why,
                                 List<String> failures, Progress progress) {
        Set<String> known = nodes.stream().map(NodeRecord::nodeId).collect(Collectors.toSet());
        int left = 0;
        for (String type : types) {
            try {
                for (ResourceRef r : clouds.handler(type).list(infraId)) {
                    if (known.contains(r.nodeId())) {
                        continue;
                    }
                    if (clouds.handler(type).delete(r)) {
                        report(progress, "deleted " + r.name() + " on " + type + " (" + why + ")");
                    } else {
                        left++;
                        report(progress, "deleting " + r.name() + " (" + why + "): " + waitingFor(r) + " (under way)");
                    }
                }
            } catch (CloudException e) {
                failures.add(type + ": " + e.getMessage());
            }
        }
        return left;
    }

    private static Set<String> typesOf(ParsedBlueprint bp, List<NodeRecord> nodes) {
        Set<String> types = new TreeSet<>();
        bp.definitions().byType().values().forEach(alts -> alts.forEach(d -> {
            if (d.resource() != null) {
                types.add(d.resource().type());
            }
        }));
        nodes.forEach(n -> types.add(n.resourceType()));
        return types;
    }

    // helpers

    private Stored<InfraRecord> infra(String infraId) {
        return repo.infra(infraId).orElseThrow(() -> new InfraNotFoundException("no infrastructure " + infraId));
    }

    private ParsedBlueprint blueprint(String infraId) {
        return StoredBlueprints.load(repo, infraId);
    }

    private static Optional<NodeDefinition> definition(ParsedBlueprint bp, NodeRecord n) {
        return bp.infra().node(n.nodeName()).map(spec -> bp.definitions().primary(spec.type()));
    }

    private static List<NodeRecord> values(List<Stored<NodeRecord>> nodes) {
        return nodes.stream().map(Stored::value).sorted(Comparator.comparingInt(NodeRecord::index)).toList();
    }

    private static void report(Progress progress, String message) {
        LOG.info(message);
        progress.report(message);
    }

    private <T> List<T> runAll(List<Callable<T>> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : workers.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reconcile interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
