package io.continuum.engine.api;

import io.continuum.model.Location;
import io.continuum.model.Problem;
import io.continuum.model.Severity;

import java.util.List;

/** The caller's input is invalid: a 400 listing every located problem. */
public class ValidationException extends RuntimeException {

    private final List<Problem> problems;

    public ValidationException(String message, List<Problem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public ValidationException(String message) {
        this(message, List.of());
    }

    /** A problem with one field of the request body (not of the YAML it carries). */
    public static ValidationException field(String field, String message) {
        return new ValidationException(message,
                List.of(new Problem(Severity.ERROR, Location.ofFile("request body"), field, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
