package io.continuum.kafka;

import io.continuum.health.HealthResult;
import io.continuum.health.KafkaCheck;
import io.continuum.model.KafkaRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A broker is healthy when the cluster's metadata, asked through that broker, lists a broker
 * advertising exactly this address and port: that proves it joined the cluster (unfenced, in KRaft)
 * and advertises the address clients and other brokers will use; in KRaft, also when the quorum has
 * heard from it lately (a broker cut off from the controllers still lists itself). A KRaft controller is healthy
 * when the quorum, asked through that controller, has it as a voter at this endpoint, caught up.
 */
@ApplicationScoped
public class KafkaNodeCheck implements KafkaCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Kafka fences a broker that has not heartbeated for broker.session.timeout.ms, 9 s by default. */
    private static final Duration QUORUM_CONTACT = Duration.ofSeconds(9);

    private final AdminClients admins;

    @Inject
    public KafkaNodeCheck(AdminClients admins) {
        this.admins = admins;
    }

    @Override
    public HealthResult check(KafkaRole.Kind role, String address, int port) {
        String endpoint = address + ":" + port;
        try {
            return role == KafkaRole.Kind.CONTROLLER ? controller(address, port) : broker(endpoint);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return HealthResult.failed(role.name().toLowerCase() + " " + endpoint + " does not answer: "
                    + KafkaQueries.reason(cause, TIMEOUT.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthResult.failed("Kafka check interrupted");
        } catch (Exception e) {
            return HealthResult.failed(role.name().toLowerCase() + " " + endpoint + " check failed: "
                    + KafkaQueries.reason(e, TIMEOUT.toMillis()));
        }
    }

    private HealthResult broker(String endpoint) throws Exception {
        Admin admin = admins.brokers(endpoint);
        Optional<Node> self = admins.ask(admin, a -> KafkaQueries.registeredAs(a, endpoint, TIMEOUT.toMillis()));
        if (self.isEmpty()) {
            return HealthResult.failed("broker " + endpoint + " is not registered in the cluster");
        }
        Optional<QuorumInfo> quorum = admins.ask(admin, KafkaNodeCheck::quorum);
        Optional<String> cutOff = quorum.isPresent()
                ? cutOffFrom(quorum.get(), self.get().id(), System.currentTimeMillis())
                : controllersView(admin, self.get(), endpoint);
        return cutOff.map(HealthResult::failed).orElseGet(() -> HealthResult.ok("broker registered"));
    }

    /**
     * ZooKeeper mode: the controller (a broker) drops a broker whose session expired and tells the
     * others, but not the broker itself; so the registration is asked again of the controller its
     * metadata names, unless that is the broker itself.
     */
    private Optional<String> controllersView(Admin admin, Node self, String endpoint) {
        try {
            Node controller = admins.ask(admin, a -> a.describeCluster().controller().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            if (controller == null || controller.id() == self.id()) {
                return Optional.empty();
            }
            String at = controller.host() + ":" + controller.port();
            return admins.ask(admins.brokers(at), a -> KafkaQueries.registered(a, endpoint, TIMEOUT.toMillis()))
                    ? Optional.empty()
                    : Optional.of("broker " + endpoint + " lists itself, but the controller (broker " + controller.id()
                    + ") no longer does: it is cut off from ZooKeeper");
        } catch (Exception e) {
            return Optional.empty(); // the broker's own answer stands when the controller cannot be asked
        }
    }

    /** The quorum, asked through a broker (which forwards it to the controllers); empty in ZooKeeper mode, which has none. */
    private static Optional<QuorumInfo> quorum(Admin admin) throws Exception {
        try {
            return Optional.of(KafkaQueries.describeQuorum(admin, TIMEOUT.toMillis()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Pure: asked through a broker, the cluster's metadata is that broker's own, and a broker cut off
     * from the quorum keeps listing itself; the quorum says whether it still fetches from it (a
     * cut-off broker also fails to forward the question, which fails the check too).
     *
     * @return why the broker is cut off, empty when it is not
     */
    private static Optional<String> cutOffFrom(QuorumInfo q, int id, long now) {
        OptionalLong lastFetch = q.observers().stream().filter(o -> o.replicaId() == id)
                .map(QuorumInfo.ReplicaState::lastFetchTimestamp).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).max();
        if (lastFetch.isEmpty()) {
            return Optional.of("broker " + id + " is cut off from the controller quorum (it has not fetched from it)");
        }
        long ago = now - lastFetch.getAsLong();
        return ago > QUORUM_CONTACT.toMillis()
                ? Optional.of("broker " + id + " is cut off from the controller quorum (its last fetch was " + ago / 1000 + " s ago)")
                : Optional.empty();
    }

    private HealthResult controller(String address, int port) throws Exception {
        QuorumInfo q = admins.ask(admins.controllers(address + ":" + port),
                admin -> KafkaQueries.describeQuorum(admin, TIMEOUT.toMillis()));
        Optional<QuorumInfo.ReplicaState> voter = q.voters().stream()
                .filter(v -> Optional.ofNullable(q.nodes().get(v.replicaId())).stream().flatMap(n -> n.endpoints().stream())
                        .anyMatch(e -> e.host().equals(address) && e.port() == port))
                .findFirst();
        String voters = q.voters().stream().map(v -> Integer.toString(v.replicaId())).toList().toString();
        if (voter.isEmpty()) {
            return HealthResult.failed("controller " + address + ":" + port + " is not a voter of the quorum (voters "
                    + voters + ")");
        }
        long now = System.currentTimeMillis();
        int id = voter.get().replicaId();
        if (q.observers().stream().anyMatch(o -> o.replicaId() == id && KafkaQueries.caughtUp(q, o, now)
                && !o.replicaDirectoryId().equals(voter.get().replicaDirectoryId()))) {
            return HealthResult.failed("controller " + id + " runs with a new disk; its old voter is not swapped yet");
        }
        if (!KafkaQueries.caughtUp(q, voter.get(), now)) {
            return HealthResult.failed("controller " + voter.get().replicaId() + " is a voter but not caught up"
                    + " (log end " + voter.get().logEndOffset() + ", high watermark " + q.highWatermark() + ")");
        }
        return HealthResult.ok("controller " + voter.get().replicaId() + " is a caught-up voter (voters " + voters
                + ", leader " + q.leaderId() + ")");
    }
}
