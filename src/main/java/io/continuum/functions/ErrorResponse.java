package io.continuum.functions;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** Every 4xx answer: what went wrong, in detail, where (file:line:column or request field), and all located problems. */
// Written by ErrorMapper with Jackson, outside Funqy's own registrations.
@RegisterForReflection(registerFullHierarchy = true)
public record ErrorResponse(String error, String detail, String location, List<ProblemView> problems) {
}
