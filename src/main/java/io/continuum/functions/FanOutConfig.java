package io.continuum.functions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * How a maintain tick is spread over instances: Azure delivers a timer tick to one instance, so
 * that instance calls the app's own HTTP {@code maintain} function once per shard, and the host's
 * load balancer hands those calls to the instances it runs.
 */
@ConfigMapping(prefix = "continuum.fan-out")
public interface FanOutConfig {

    /** The app's own maintain endpoint, e.g. {@code https://<app>.azurewebsites.net/api/maintain}; unset: no fan-out. */
    Optional<String> maintainUrl();

    /** A function key for that endpoint (sent as {@code x-functions-key}); from the environment, never logged. */
    Optional<String> key();

    /** Shards one pass is cut into. */
    @WithDefault("8")
    int shards();
}
