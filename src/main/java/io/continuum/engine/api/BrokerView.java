package io.continuum.engine.api;

/**
 * One broker as the cluster describes it: its id, where it serves clients, the instance it runs on
 * (null when no instance of this infrastructure serves that endpoint), the partitions it leads and
 * the replicas it holds.
 */
public record BrokerView(int id, String endpoint, String nodeId, boolean controller, int leaderOf, int replicas) {

    public BrokerView onNode(String node) {
        return new BrokerView(id, endpoint, node, controller, leaderOf, replicas);
    }
}
