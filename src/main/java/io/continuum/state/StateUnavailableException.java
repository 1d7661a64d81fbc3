package io.continuum.state;

/** The store could not be reached or failed after retries: an outage, not a user error. */
public class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
