package io.continuum.functions;

import io.continuum.engine.Plan;

import java.util.List;

/** A preview: what deploy (or, with an infraId, extend) would do, level by level. Nothing changes. */
public record PlanResponse(String infraId, List<Plan.Summary> actions, List<String> blocked, List<ProblemView> warnings) {
}
