package io.continuum.context;

import io.continuum.cloud.Addresses;

import java.util.List;
import java.util.Map;

/**
 * Addresses of the ready instances of every node, by node name, oldest instance first: what
 * Occopus's {@code getip}, {@code getprivip} and {@code getipall} answer from. Taken from state at
 * render time, so a replaced ZooKeeper is seen by the next rendering.
 */
public record AddressBook(Map<String, List<Addresses>> byNode) {

    public List<Addresses> of(String node) {
        return byNode.getOrDefault(node, List.of());
    }
}
