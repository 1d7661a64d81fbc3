package io.continuum.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Admin clients are shared per bootstrap list, and a client whose call failed is not handed out again. */
class AdminClientsTest {

    // Nothing listens on these: creating a client opens no connection.
    private static final String A = "127.0.0.1:1";
    private static final String B = "127.0.0.1:2";

    @Test
    void oneClientPerBootstrapListWhateverItsOrderAndKind() {
        try (AdminClients admins = new AdminClients(Duration.ofSeconds(1))) {
            Admin ab = admins.brokers(A + "," + B);
            assertSame(ab, admins.brokers(B + "," + A));
            assertNotSame(ab, admins.brokers(A));
            assertNotSame(ab, admins.controllers(A + "," + B), "controllers are asked through a client of their own");
        }
    }

    @Test
    void aClientWhoseCallFailedIsReplaced() {
        try (AdminClients admins = new AdminClients(Duration.ofSeconds(1))) {
            Admin first = admins.brokers(A);
            assertThrows(ExecutionException.class, () -> admins.ask(first, admin -> {
                throw new ExecutionException("broker gone", null);
            }));
            assertNotSame(first, admins.brokers(A));
        }
    }

    @Test
    void aClientLeftIdleIsClosedRatherThanKeptDialingAClusterThatMayBeGone() throws InterruptedException {
        try (AdminClients admins = new AdminClients(Duration.ofSeconds(1), Duration.ofMillis(50))) {
            Admin idle = admins.brokers(A);
            assertSame(idle, admins.brokers(A), "reused while in use");
            Thread.sleep(120);
            admins.brokers(B);
            assertNotSame(idle, admins.brokers(A), "closed once idle longer than the bound, a new one made");
        }
    }

    @Test
    void forgettingAnEndpointClosesEveryClientThatNamesItAndNoOther() {
        try (AdminClients admins = new AdminClients(Duration.ofSeconds(1))) {
            Admin both = admins.brokers(A + "," + B);
            Admin onlyA = admins.brokers(A);
            Admin onlyB = admins.controllers(B);
            admins.forget(List.of(A));
            assertNotSame(both, admins.brokers(B + "," + A));
            assertNotSame(onlyA, admins.brokers(A));
            assertSame(onlyB, admins.controllers(B), "a client of other endpoints is kept");
        }
    }
}
