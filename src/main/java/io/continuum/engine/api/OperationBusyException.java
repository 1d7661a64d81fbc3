package io.continuum.engine.api;

/** Another operation owns the infrastructure, or won a race for it (HTTP 409). */
public class OperationBusyException extends RuntimeException {

    public OperationBusyException(String message) {
        super(message);
    }
}
