package io.continuum.model;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Set;

/** The service's parser: default YAML limits and the operator's secret policy. */
@Singleton
public class BlueprintParserProducer {

    @Produces
    @Singleton
    BlueprintParser parser(SecretsConfig secrets) {
        return new BlueprintParser(YamlLimits.DEFAULT,
                new SecretPolicy(secrets.allowedPrefixes(), secrets.allowedNames().orElse(Set.of())));
    }
}
