package io.continuum.cloud.azure.arm;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.continuum.cloud.CloudException;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Turns what the Azure SDK throws into a {@link CloudException}: permanent when retrying cannot help
 * (quota, invalid request, missing rights or resource group), carrying ARM's error code and message.
 * The SDK's RetryPolicy has already retried 429 and 5xx by the time an error arrives here.
 */
final class ArmErrors {

    /** ARM error codes that name a decision or a limit, not an outage; also reported by failed operations (HTTP 200). */
    static final Set<String> PERMANENT_CODES = Set.of(
            "QuotaExceeded", "OperationNotAllowed", "SkuNotAvailable", "InvalidParameter", "InvalidTemplate",
            "InvalidRequestContent", "InvalidResourceName", "PublicIPCountLimitReached", "ContainerGroupQuotaReached",
            "ResourceGroupNotFound", "AuthorizationFailed", "LinkedAuthorizationFailed", "ImageNotFound",
            "PlatformImageNotFound", "InvalidImageReference", "RequestDisallowedByPolicy");

    private ArmErrors() {
    }

    static boolean notFound(Throwable e) {
        return e instanceof HttpResponseException h && h.getResponse() != null
                && h.getResponse().getStatusCode() == 404;
    }

    /** @param what the operation, e.g. "create public IP kafka-1-ip", for the user */
    static CloudException translate(String what, Throwable e, Redactor redactor) {
        if (e instanceof CloudException c) {
            return c;
        }
        if (e instanceof ManagementException m && m.getValue() != null) {
            int status = m.getResponse() == null ? 0 : m.getResponse().getStatusCode();
            String code = m.getValue().getCode();
            boolean permanent = isPermanent(status, code);
            return new CloudException(redactor.apply("Azure refused to " + what + ": " + code + ": "
                    + m.getValue().getMessage()), permanent, RedactedCause.of(e, redactor));
        }
        if (e instanceof ClientAuthenticationException || cause(e, MsalServiceException.class).isPresent()) {
            return new CloudException(redactor.apply("Azure sign-in failed while trying to " + what + ": "
                    + e.getMessage()), refusedSignIn(e), RedactedCause.of(e, redactor));
        }
        if (e instanceof HttpResponseException h && h.getResponse() != null) {
            int status = h.getResponse().getStatusCode();
            return new CloudException(redactor.apply("Azure answered HTTP " + status + " to " + what + ": "
                    + h.getMessage()), isPermanent(status, null), RedactedCause.of(e, redactor));
        }
        if (cause(e, TimeoutException.class).isPresent()) {
            return new CloudException("Azure did not finish in time to " + what + "; it will be checked again", false,
                    RedactedCause.of(e, redactor));
        }
        return new CloudException(redactor.apply("Azure could not be reached to " + what + ": " + e), false,
                RedactedCause.of(e, redactor));
    }

    static boolean isPermanent(int status, String code) {
        if (code != null && PERMANENT_CODES.contains(code)) {
            return true;
        }
        return status == 400 || status == 401 || status == 403 || status == 404;
    }

    /** Entra ID answered 4xx (wrong tenant, client or secret): a person must fix it. Outages stay transient. */
    private static boolean refusedSignIn(Throwable e) {
        return cause(e, MsalServiceException.class)
                .map(msal -> msal.statusCode() >= 400 && msal.statusCode() < 500)
                .orElse(false);
    }

    /** The exception or its first cause of this type. */
    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /**
     * Stands in for the SDK's exception as the cause: same type name, stack and masked message. The
     * SDK's own messages quote whole response bodies, which a service could fill with anything.
     */
    static final class RedactedCause extends RuntimeException {

        private RedactedCause(String message, StackTraceElement[] stack) {
            super(message, null, false, true);
            setStackTrace(stack);
        }

        static RedactedCause of(Throwable e, Redactor redactor) {
            return new RedactedCause(redactor.apply(e.getClass().getName() + ": " + e.getMessage()), e.getStackTrace());
        }
    }
}
