package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.common.ActionResponse;

import java.util.Set;

/** What an OpenStack failure means for Continuum: worth retrying, worth reporting as it is, or neither. */
final class OpenStackErrors {

    /** Bad request, bad credentials, forbidden (Nova's quota errors are 403), request too large / over limit. */
    private static final Set<Integer> PERMANENT = Set.of(400, 401, 403, 413);

    private OpenStackErrors() {
    }

    /** Throttling, server errors, timeouts and lost connections (openstack4j reports those as status 0). */
    static boolean isTransient(RuntimeException e) {
        return e instanceof ResponseException r && (r.getStatus() == 0 || r.getStatus() == 429 || r.getStatus() >= 500);
    }

    /**
     * A revoked token reads 401, or, when openstack4j tried to log in again by itself with a cached
     * token (which carries no credentials), a connection error.
     */
    static boolean mayBeStaleToken(RuntimeException e) {
        return e instanceof ResponseException r && (r.getStatus() == 0 || r.getStatus() == 401);
    }

    /** The failure as the port reports it: what was tried, the cloud's own message, permanent or not. */
    static CloudException translate(String what, RuntimeException e) {
        if (e instanceof CloudException c) {
            return c;
        }
        if (e instanceof ResponseException r && r.getStatus() > 0) {
            return new CloudException(what + ": OpenStack answered " + r.getStatus() + ": " + r.getMessage(),
                    isPermanent(r.getStatus(), r.getMessage()), e);
        }
        return new CloudException(what + ": " + e.getMessage(), false, e);
    }

    /**
     * openstack4j returns some failures (Neutron deletes, throttling) as an ActionResponse instead of
     * throwing; this throws them, so they are retried or reported like the rest. 404 is not a failure
     * for a delete: the thing is gone.
     */
    static void check(ActionResponse response) {
        if (!response.isSuccess() && response.getCode() != 404) {
            throw ResponseException.mapException(response.getFault(), response.getCode(), null);
        }
    }

    // Neutron reports quota exhaustion as 409 OverQuota, Nova as 403 (older releases 413).
    private static boolean isPermanent(int status, String message) {
        return PERMANENT.contains(status)
                || message != null && (message.contains("Quota exceeded") || message.contains("OverQuota"));
    }
}
