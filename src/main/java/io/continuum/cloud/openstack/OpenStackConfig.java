package io.continuum.cloud.openstack;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Timeouts and bounds of the OpenStack adapter. Credentials are not here: they come from the environment. */
@ConfigMapping(prefix = "continuum.openstack")
public interface OpenStackConfig {

    /** Connecting to Keystone, Nova or Neutron. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** Waiting for one answer. */
    @WithDefault("60s")
    Duration readTimeout();

    /** Renew a token this long before Keystone says it expires. */
    @WithDefault("5m")
    Duration tokenRenewal();

    RetryConfig retry();

    /** Retries of calls that failed transiently (429, 5xx, timeouts, lost connections). */
    interface RetryConfig {

        /** Attempts in all, the first included. */
        @WithDefault("4")
        int attempts();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("8s")
        Duration maxBackoff();

        /** No retry starts later than this after the first attempt. */
        @WithDefault("30s")
        Duration maxTotal();
    }
}
