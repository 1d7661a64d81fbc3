package io.continuum.engine;

import io.continuum.model.Blueprint;
import io.continuum.model.BlueprintParser;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.StateRepository;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed blueprints of recorded infrastructures (they validated when they were accepted),
 * cached by the digest of their text: a blueprint is parsed once, not by every service on every
 * reconcile step, and a fleet of infrastructures made from one description shares one parse.
 */
public final class StoredBlueprints {

    private static final int CACHED = 256;

    private final BlueprintParser parser;
    private final Map<String, ParsedBlueprint> byDigest = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedBlueprint> eldest) {
            return size() > CACHED;
        }
    };

    /** @param parser the parser for recorded blueprints (the policies they were accepted under, not today's) */
    public StoredBlueprints(BlueprintParser parser) {
        this.parser = parser;
    }

    ParsedBlueprint load(StateRepository repo, String infraId) {
        return parseStored(infraId, repo.blueprint(infraId));
    }

    /** Parses the description stored for an infrastructure, already read. */
    ParsedBlueprint parseStored(String infraId, Blueprint stored) {
        return parse(stored, "stored blueprint of " + infraId + " no longer validates");
    }

    /** Parses a blueprint (also one the engine wrote itself, a migration's next phase); {@code invalid} says what it means if it does not validate. */
    ParsedBlueprint parse(Blueprint b, String invalid) {
        String digest = digest(b);
        synchronized (byDigest) {
            ParsedBlueprint cached = byDigest.get(digest);
            if (cached != null) {
                return cached;
            }
        }
        ParsedBlueprint parsed = parser.parse(b).blueprint()
                .orElseThrow(() -> new IllegalStateException(invalid));
        synchronized (byDigest) {
            byDigest.put(digest, parsed);
        }
        return parsed;
    }

    private static String digest(Blueprint b) {
        StringBuilder text = new StringBuilder().append(b.infraFile()).append('\0').append(b.infra()).append('\0')
                .append(b.nodeDefinitionsFile()).append('\0').append(b.nodeDefinitions());
        new TreeMap<>(b.files() == null ? Map.of() : b.files()).forEach((k, v) -> text.append('\0').append(k).append('\0').append(v));
        return Digests.sha256(text.toString());
    }
}
