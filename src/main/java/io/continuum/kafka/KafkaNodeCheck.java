package io.continuum.kafka;

import io.continuum.health.HealthResult;
import io.continuum.health.KafkaCheck;
import io.continuum.model.KafkaRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.QuorumInfo;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A broker is healthy when the cluster's metadata, asked through that broker, lists a broker
 * advertising exactly this address and port: that proves it joined the cluster (unfenced, in KRaft)
 * and advertises the address clients and other brokers will use. A KRaft controller is healthy
 * when the quorum, asked through that controller, has it as a voter at this endpoint, caught up.
 */
@ApplicationScoped
public class KafkaNodeCheck implements KafkaCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

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
        return admins.ask(admins.brokers(endpoint), admin -> KafkaQueries.registered(admin, endpoint, TIMEOUT.toMillis()))
                ? HealthResult.ok("broker registered")
                : HealthResult.failed("broker " + endpoint + " is not registered in the cluster");
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
