package io.continuum.kafka;

import io.continuum.engine.Quorum;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The Admin API questions asked from more than one place, asked one way. */
final class KafkaQueries {

    /** A voter or observer that fetched up to the leader's log end within this long is caught up. */
    static final long CAUGHT_UP_WITHIN_MS = 15_000;

    private KafkaQueries() {
    }

    /** What went wrong, for an operator: a wait that ran out has no message of its own ("null" in a report). */
    static String reason(Throwable cause, long timeoutMs) {
        if (cause instanceof java.util.concurrent.TimeoutException && cause.getMessage() == null) {
            return "no answer within " + timeoutMs + " ms";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /**
     * Whether the cluster lists a broker advertising exactly this host:port. In KRaft the cluster
     * lists only unfenced brokers, so this is "registered and unfenced" there.
     */
    static boolean registered(Admin admin, String endpoint, long timeoutMs) throws Exception {
        return registeredAs(admin, endpoint, timeoutMs).isPresent();
    }

    /** The broker the cluster lists at exactly this host:port, if it lists one. */
    static Optional<Node> registeredAs(Admin admin, String endpoint, long timeoutMs) throws Exception {
        return admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).stream()
                .filter(n -> endpoint.equals(n.host() + ":" + n.port())).findFirst();
    }

    static QuorumInfo describeQuorum(Admin admin, long timeoutMs) throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    static Quorum quorum(QuorumInfo q, long now) {
        return new Quorum(q.leaderId(),
                q.voters().stream().map(r -> replica(q, r, now)).toList(),
                q.observers().stream().map(r -> replica(q, r, now)).toList());
    }

    static boolean caughtUp(QuorumInfo q, QuorumInfo.ReplicaState r, long now) {
        return r.replicaId() == q.leaderId()
                || r.lastCaughtUpTimestamp().isPresent() && now - r.lastCaughtUpTimestamp().getAsLong() <= CAUGHT_UP_WITHIN_MS;
    }

    private static Quorum.Replica replica(QuorumInfo q, QuorumInfo.ReplicaState r, long now) {
        return new Quorum.Replica(r.replicaId(), r.replicaDirectoryId().toString(), caughtUp(q, r, now));
    }
}
