package io.continuum.engine;

import java.util.List;

public record HealthReport(String infraId, boolean healthy, List<NodeHealth> nodes) {
}
