package io.continuum.engine;

import io.continuum.model.BlueprintParser;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.SecretPolicy;
import io.continuum.model.YamlLimits;
import io.continuum.state.StateRepository;

/** The parsed blueprint of a recorded infrastructure (it validated when it was accepted, under the secret policy of that time). */
final class StoredBlueprints {

    private StoredBlueprints() {
    }

    static ParsedBlueprint load(StateRepository repo, String infraId) {
        return new BlueprintParser(YamlLimits.DEFAULT, SecretPolicy.ACCEPTED).parse(repo.blueprint(infraId)).blueprint()
                .orElseThrow(() -> new IllegalStateException("stored blueprint of " + infraId + " no longer validates"));
    }
}
