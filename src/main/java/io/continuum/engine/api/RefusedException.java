package io.continuum.engine.api;

/** A request that is well-formed but would harm the running infrastructure, refused (409) with the reason. */
public class RefusedException extends RuntimeException {

    public RefusedException(String message) {
        super(message);
    }
}
