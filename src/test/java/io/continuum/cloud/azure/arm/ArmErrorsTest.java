package io.continuum.cloud.azure.arm;

import io.continuum.cloud.CloudException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArmErrorsTest {

    @ParameterizedTest(name = "HTTP {0} {1} -> permanent {2}")
    @CsvSource(nullValues = "null", value = {
            "409, OperationNotAllowed, true",
            "409, QuotaExceeded, true",
            "400, InvalidParameter, true",
            "404, ResourceGroupNotFound, true",
            "403, AuthorizationFailed, true",
            "200, QuotaExceeded, true",          // a long-running operation that failed on quota
            "409, AnotherOperationInProgress, false",
            "409, Conflict, false",
            "429, TooManyRequests, false",
            "500, InternalServerError, false",
            "200, AllocationFailed, false"})
    void permanentWhenOnlyAPersonCanFixIt(int status, String code, boolean permanent) {
        assertEquals(permanent, ArmErrors.isPermanent(status, code));
    }

    @Test
    void aTimeoutIsTransientAndSaysWhatWasAwaited() {
        CloudException e = ArmErrors.translate("create public IP kh-1-ip",
                new RuntimeException(new TimeoutException("polling")), Redactor.of());

        assertFalse(e.permanent());
        assertTrue(e.getMessage().contains("create public IP kh-1-ip"), e.getMessage());
    }

    @Test
    void anUnreachableServiceIsTransientAndItsMessageIsMasked() {
        CloudException e = ArmErrors.translate("read VM x",
                new IllegalStateException("connection refused, token=s3cr3t"), Redactor.of("s3cr3t"));

        assertFalse(e.permanent());
        assertFalse(e.getMessage().contains("s3cr3t"));
        assertFalse(e.getCause().getMessage().contains("s3cr3t"));
    }
}
