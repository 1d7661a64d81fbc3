package io.continuum.model;

import io.continuum.cloud.CloudSchemas;
import io.continuum.health.HealthConfig;
import io.continuum.health.HealthUrls;
import io.continuum.model.yaml.YamlLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Set;

/** The service's parser: every cloud's resource types, default YAML limits, the operator's secret policy and allowed health-check hosts. */
@Singleton
public class BlueprintParserProducer {

    @Produces
    @Singleton
    BlueprintParser parser(SecretsConfig secrets, HealthConfig health) {
        return new BlueprintParser(YamlLimits.DEFAULT,
                new SecretPolicy(secrets.allowedPrefixes(), secrets.allowedNames().orElse(Set.of())), HealthUrls.of(health),
                CloudSchemas.ALL);
    }
}
