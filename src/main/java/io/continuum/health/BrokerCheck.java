package io.continuum.health;

/** Kafka-aware part of a health check: is the broker at this address registered in its cluster? */
public interface BrokerCheck {

    HealthResult registered(String address, int port);
}
