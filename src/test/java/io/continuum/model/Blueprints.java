package io.continuum.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test helper: blueprints from the infra-templates folder, as a user would submit them. */
public final class Blueprints {

    public static final Path TEMPLATES = Path.of("infra-templates");

    private Blueprints() {
    }

    public static Blueprint template(String name) {
        return template(name, "infra.yaml");
    }

    public static Blueprint template(String name, String infraFile) {
        Path dir = TEMPLATES.resolve(name);
        try (var files = Files.list(dir)) {
            Map<String, String> imports = new java.util.TreeMap<>();
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                if (f.startsWith("cloud_init")) {
                    imports.put(f, Files.readString(p));
                }
            }
            return new Blueprint(infraFile, Files.readString(dir.resolve(infraFile)), "nodes.yaml",
                    Files.readString(dir.resolve("nodes.yaml")), imports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
