package io.continuum.state;

/** A document does not fit the store's limits (Azure Table Storage: entity 1 MiB). */
public class StateTooLargeException extends RuntimeException {

    public StateTooLargeException(String message) {
        super(message);
    }
}
