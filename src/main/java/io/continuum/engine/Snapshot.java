package io.continuum.engine;

import io.continuum.context.AddressBook;
import io.continuum.model.NodeDefinition;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.InfraRecord;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one reconcile step works on, read once: the infrastructure's desired state, its parsed
 * blueprint and its node rows (with the versions conditional writes need). Immutable: a step that
 * changed rows reads a fresh snapshot with {@link #withNodes}.
 */
record Snapshot(String infraId, InfraRecord infra, ParsedBlueprint blueprint, List<Stored<NodeRecord>> nodes) {

    /** The node records in index order. */
    List<NodeRecord> values() {
        return nodes.stream().map(Stored::value).sorted(Comparator.comparingInt(NodeRecord::index)).toList();
    }

    Map<String, Stored<NodeRecord>> byId() {
        return nodes.stream().collect(Collectors.toMap(n -> n.value().nodeId(), Function.identity()));
    }

    /** Addresses of ready instances, as templates see them. */
    AddressBook book() {
        return NodeContexts.addressBook(values());
    }

    /** The node definition an instance was made from, unless its node left the description. */
    Optional<NodeDefinition> definition(NodeRecord n) {
        return blueprint.infra().node(n.nodeName()).map(spec -> blueprint.definitions().primary(spec.type()));
    }

    boolean allReady() {
        return nodes.stream().allMatch(n -> n.value().phase() == NodePhase.READY);
    }

    Snapshot withNodes(List<Stored<NodeRecord>> fresh) {
        return new Snapshot(infraId, infra, blueprint, fresh);
    }
}
