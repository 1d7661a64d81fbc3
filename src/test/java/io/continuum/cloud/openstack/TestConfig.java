package io.continuum.cloud.openstack;

import java.time.Duration;

/** Short timeouts and backoffs so tests against the loopback fake run fast. */
public record TestConfig(Duration connectTimeout, Duration readTimeout, Duration tokenRenewal, RetryConfig retry)
        implements OpenStackConfig {

    public static TestConfig fast() {
        return new TestConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(5),
                new Retries(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(3)));
    }

    record Retries(int attempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal)
            implements RetryConfig {
    }
}
