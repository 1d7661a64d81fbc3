package io.continuum.engine.api;

import java.util.List;

public record HealthReport(String infraId, boolean healthy, List<NodeHealth> nodes) {
}
