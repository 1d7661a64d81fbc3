package io.continuum.cloud;

/**
 * A cloud refused or failed a request. {@code permanent} failures (quota exceeded, invalid
 * request) are reported to the user as they are; others may succeed on a later attempt.
 */
public class CloudException extends RuntimeException {

    private final boolean permanent;

    public CloudException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public CloudException(String message, boolean permanent) {
        this(message, permanent, null);
    }

    public boolean permanent() {
        return permanent;
    }
}
