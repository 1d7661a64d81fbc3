package io.continuum.engine.api;

import java.util.List;

public record NodeView(String node, String type, String resourceType, int level, ScalingView scaling,
                       List<InstanceView> instances) {
}
