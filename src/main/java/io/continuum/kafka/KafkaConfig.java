package io.continuum.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "continuum.kafka")
public interface KafkaConfig {

    /** Replication throttle while partitions move, bytes per second per broker (Admin API reassignments apply none). */
    @WithDefault("52428800")
    long throttleBytesPerSecond();

    /** Timeout of each Admin API call. */
    @WithDefault("15s")
    Duration adminTimeout();
}
