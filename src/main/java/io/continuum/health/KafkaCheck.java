package io.continuum.health;

import io.continuum.model.KafkaRole;

/**
 * Kafka-aware part of a health check: a broker is healthy when registered (and so unfenced) in its
 * cluster; a KRaft controller when it is a voter of the quorum and caught up.
 */
public interface KafkaCheck {

    HealthResult check(KafkaRole.Kind role, String address, int port);
}
