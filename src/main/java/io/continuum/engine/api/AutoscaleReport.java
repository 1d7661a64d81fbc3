package io.continuum.engine.api;

import java.util.List;

/** What one autoscale pass saw and did, per autoscaled node. */
public record AutoscaleReport(List<Entry> nodes) {

    /** @param operationId the scale operation started, if the policy acted */
    public record Entry(String infraId, String node, Double sample, int target, int decided, String reason,
                        String operationId) {
    }
}
