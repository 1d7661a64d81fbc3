package io.continuum.functions;

import io.continuum.model.Problem;

/** A located problem in an answer: {@code location} is file:line:column. */
public record ProblemView(String severity, String location, String path, String message) {

    static ProblemView of(Problem p) {
        return new ProblemView(p.severity().name().toLowerCase(), p.location().toString(), p.path(), p.message());
    }
}
