package io.continuum.engine.api;

/** No infrastructure (or operation) with that id: a 404 for the caller. */
public class InfraNotFoundException extends RuntimeException {

    public InfraNotFoundException(String message) {
        super(message);
    }
}
