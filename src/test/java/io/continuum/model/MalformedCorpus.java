package io.continuum.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The malformed-input corpus under src/test/resources/malformed (format in its README.md): each case
 * as the blueprint a client would submit and the problems it must be answered with. Public so that
 * HTTP tests can post the same cases.
 */
public final class MalformedCorpus {

    public static final Path ROOT = Path.of("src/test/resources/malformed");
    public static final Path DEFAULT_NODES = ROOT.resolve("default-nodes.yaml");
    private static final Set<String> NOT_IMPORTS = Set.of("infra.yaml", "nodes.yaml", "expected.txt");

    /** One case: its name, what is submitted, and every problem expected (a line each, exact or a prefix). */
    public record Case(String name, Blueprint blueprint, List<String> expected) {

        /** A case whose expected problems are all warnings is accepted; any other is refused. */
        public boolean valid() {
            return expected.stream().allMatch(e -> e.startsWith("warning: "));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private MalformedCorpus() {
    }

    public static List<Case> cases() {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).sorted().map(MalformedCorpus::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Case load(Path dir) {
        try {
            Path nodes = dir.resolve("nodes.yaml");
            Map<String, String> files = new TreeMap<>();
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                    String relative = dir.relativize(p).toString().replace('\\', '/');
                    if (!NOT_IMPORTS.contains(relative)) {
                        files.put(relative, text(p));
                    }
                }
            }
            Blueprint blueprint = Blueprint.of(text(dir.resolve("infra.yaml")),
                    text(Files.exists(nodes) ? nodes : DEFAULT_NODES), files);
            List<String> expected = Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
            return new Case(dir.getFileName().toString(), blueprint, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decoded as a client building a JSON request would: bytes that are not UTF-8 become U+FFFD. */
    private static String text(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
