package io.continuum.cloud.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** The embedded local cloud: where node directories live and which ZooKeeper/Kafka classpath runs them. */
@ConfigMapping(prefix = "continuum.local")
public interface LocalCloudConfig {

    /** One directory per node: rendered config, data, logs, pid. */
    @WithDefault(".continuum/local")
    Path workDir();

    /** One directory of jars per supported Kafka version ({@code lib-3.9.1}, ...), resolved by runtime/kafka at build time. */
    @WithDefault("runtime/kafka/target")
    Path kafkaLibs();

    /** How long a node gets to stop after SIGTERM before it is killed. */
    @WithDefault("15s")
    Duration stopTimeout();
}
