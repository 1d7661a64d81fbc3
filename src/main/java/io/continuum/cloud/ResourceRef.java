package io.continuum.cloud;

import java.util.Map;

/** A created resource: its handler type, deterministic name, the cloud's own id, and its tags. */
public record ResourceRef(String type, String name, String cloudId, Map<String, String> tags) {

    public String nodeId() {
        return tags.get(ResourceRequest.TAG_NODE);
    }

    public String infraId() {
        return tags.get(ResourceRequest.TAG_INFRA);
    }
}
