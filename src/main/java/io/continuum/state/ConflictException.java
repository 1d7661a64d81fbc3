package io.continuum.state;

/** A conditional write lost: the row changed (stale ETag), already exists, or no longer exists. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
