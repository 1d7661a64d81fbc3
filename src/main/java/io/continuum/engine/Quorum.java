package io.continuum.engine;

import java.util.List;
import java.util.Optional;

/**
 * A KRaft controller quorum as the controllers describe it (KIP-853 dynamic quorum): its voters and
 * observers by node id and storage directory id (a re-formatted controller keeps its id but gets a
 * new directory id).
 *
 * @param leader the leader's node id, or -1 when there is none
 */
public record Quorum(int leader, List<Replica> voters, List<Replica> observers) {

    /** @param caughtUp whether it has fetched the log up to the leader's high watermark lately */
    public record Replica(int id, String directoryId, boolean caughtUp) {
    }

    public Quorum {
        voters = List.copyOf(voters);
        observers = List.copyOf(observers);
    }

    Optional<Replica> voter(int id) {
        return voters.stream().filter(v -> v.id() == id).findFirst();
    }

    long caughtUpVoters() {
        return voters.stream().filter(Replica::caughtUp).count();
    }
}
