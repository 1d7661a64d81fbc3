package io.continuum.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves {@code !yaml_import {url: file://...}} relative to the node-definition file: from the
 * {@code files} map of an HTTP request, or from a directory on disk. Paths never leave that base.
 */
public interface ImportedFiles {

    Optional<String> read(String relativePath);

    static ImportedFiles of(Map<String, String> files) {
        return p -> Optional.ofNullable(files.get(p)).or(() -> Optional.ofNullable(files.get("./" + p)));
    }

    static ImportedFiles inDirectory(Path base) {
        Path root = base.toAbsolutePath().normalize();
        return p -> {
            Path file = root.resolve(p).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return Optional.empty();
            }
        };
    }

    ImportedFiles NONE = p -> Optional.empty();
}
