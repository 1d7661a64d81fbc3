package io.continuum.cloud;

import io.continuum.model.Resource;

import java.util.List;
import java.util.Map;

/**
 * What the engine asks a cloud for: one node's resource. {@code name} is deterministic
 * (infrastructure id + node id) and {@code tags} carry both ids, so a handler can find a resource it
 * created before a crash instead of creating a duplicate.
 *
 * @param ports TCP ports the node serves (from its health check and Kafka role), for firewalls
 */
public record ResourceRequest(String infraId, String nodeId, String name, Resource resource,
                              Map<String, String> tags, List<Integer> ports) {

    public static final String TAG_INFRA = "continuum-infra";
    public static final String TAG_NODE = "continuum-node";

    public static Map<String, String> tagsFor(String infraId, String nodeId) {
        return Map.of(TAG_INFRA, infraId, TAG_NODE, nodeId);
    }
}
