package io.continuum.engine;

import io.continuum.model.Problem;

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

    public List<Problem> problems() {
        return problems;
    }
}
