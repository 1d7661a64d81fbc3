package io.continuum.kafka;

import io.continuum.health.BrokerCheck;
import io.continuum.health.HealthResult;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A broker is registered when the cluster's metadata, asked through that broker, lists a broker
 * advertising exactly this address and port: that proves it joined the cluster and advertises the
 * address clients and other brokers will use.
 */
@ApplicationScoped
public class BrokerRegistrationCheck implements BrokerCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Override
    public HealthResult registered(String address, int port) {
        try (Admin admin = AdminClients.connect(address + ":" + port, TIMEOUT)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            boolean listed = nodes.stream().anyMatch(n -> n.host().equals(address) && n.port() == port);
            return listed ? HealthResult.ok("broker registered (" + nodes.size() + " brokers in cluster)")
                    : HealthResult.failed("broker " + address + ":" + port + " is not registered in the cluster");
        } catch (ExecutionException | TimeoutException e) {
            return HealthResult.failed("broker " + address + ":" + port + " does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthResult.failed("broker check interrupted");
        }
    }
}
