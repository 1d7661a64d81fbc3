package io.continuum;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Keeps ARCHITECTURE.md's boxes true by reading what each main source file refers to (its imports and
 * any fully qualified name in its code): the engine talks to ports, never to a cloud SDK or Kafka's
 * clients; the functions never reach past the ports into an adapter; no two boxes depend on each other.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/continuum");
    private static final List<String> BOXES = List.of("model", "context", "health", "kafka", "state", "cloud", "engine",
            "metrics", "functions");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:com\\.azure|org\\.openstack4j|org\\.apache\\.kafka"
            + "|io\\.continuum)(?:\\.\\w+)+)");
    private static final Pattern STRING = Pattern.compile("\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'",
            Pattern.DOTALL);
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    /** One main source file and every name it refers to. */
    record Source(Path file, String box, Set<String> references) {
        String name() {
            return MAIN.relativize(file).toString();
        }
    }

    @Test
    void theEngineTalksToPortsNotToACloudSdkOrKafkasClients() throws IOException {
        List<String> found = violations("engine", "com.azure.", "org.openstack4j.", "org.apache.kafka.",
                "io.continuum.kafka.", "io.continuum.cloud.local.", "io.continuum.cloud.openstack.",
                "io.continuum.cloud.azure.", "io.continuum.cloud.sim.");
        assertEquals(List.of(), found, "the engine reaches clouds through ResourceHandler and Kafka through"
                + " ClusterHooks only");
    }

    @Test
    void theFunctionsUseNoCloudOrStateImplementation() throws IOException {
        List<String> found = violations("functions", "io.continuum.cloud.", "io.continuum.state.file.",
                "io.continuum.state.table.");
        assertEquals(List.of(), found, "the functions call engine services and the state port only");
    }

    @Test
    void noTwoBoxesDependOnEachOther() throws IOException {
        Map<String, Map<String, Set<String>>> edges = dependencies(); // box -> box it uses -> files that use it
        List<String> cycles = new ArrayList<>();
        for (String box : BOXES) {
            findCycles(box, new ArrayList<>(List.of(box)), edges, cycles);
        }
        assertEquals(List.of(), cycles, "package cycles between the boxes of ARCHITECTURE.md");
    }

    @Test
    void referencesAreReadFromImportsAndCodeButNotFromCommentsOrStrings() {
        Set<String> found = references("""
                package io.continuum.engine;
                import io.continuum.cloud.ResourceHandler;
                import static org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG;
                /** Unlike {@link io.continuum.kafka.KafkaClusterHooks}, see "http://x" */
                class X {
                    char quote = '"';
                    String s = "io.continuum.state.file.FileStateStore"; // io.continuum.context.Ignored
                    Object o = new com.azure.core.util.Context("k", "v");
                }
                """);
        assertEquals(Set.of("io.continuum.cloud.ResourceHandler",
                "org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG",
                "com.azure.core.util.Context"), found);
    }

    @Test
    void everyMainFileBelongsToABox() throws IOException {
        List<Source> sources = sources();
        assertFalse(sources.isEmpty(), "no sources under " + MAIN.toAbsolutePath());
        assertEquals(List.of(), sources.stream().filter(s -> !BOXES.contains(s.box())).map(Source::name).toList(),
                "a package outside the boxes: add it to ARCHITECTURE.md and to BOXES");
    }

    /** "file refers to name" for every reference of a {@code box} file that starts with a forbidden prefix. */
    private static List<String> violations(String box, String... forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        for (Source s : sources()) {
            if (s.box().equals(box)) {
                s.references().stream().filter(r -> Stream.of(forbidden).anyMatch(r::startsWith))
                        .forEach(r -> found.add(s.name() + " refers to " + r));
            }
        }
        return found;
    }

    /** Each cycle once, written from its first box in BOXES order, with the files behind each step. */
    private static void findCycles(String start, List<String> path, Map<String, Map<String, Set<String>>> edges,
                                   List<String> cycles) {
        String last = path.get(path.size() - 1);
        for (Map.Entry<String, Set<String>> next : edges.getOrDefault(last, Map.of()).entrySet()) {
            String to = next.getKey();
            if (to.equals(start)) {
                List<String> steps = new ArrayList<>();
                for (int i = 0; i < path.size(); i++) {
                    String from = path.get(i);
                    String into = i + 1 < path.size() ? path.get(i + 1) : start;
                    steps.add(from + " -> " + into + " " + edges.get(from).get(into));
                }
                cycles.add(String.join(", ", steps));
            } else if (!path.contains(to) && BOXES.indexOf(to) > BOXES.indexOf(start)) {
                path.add(to);
                findCycles(start, path, edges, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private static Map<String, Map<String, Set<String>>> dependencies() throws IOException {
        Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
        for (Source s : sources()) {
            for (String r : s.references()) {
                String[] parts = r.split("\\.");
                if (parts.length > 2 && r.startsWith("io.continuum.") && !parts[2].equals(s.box())
                        && BOXES.contains(parts[2])) {
                    edges.computeIfAbsent(s.box(), k -> new TreeMap<>())
                            .computeIfAbsent(parts[2], k -> new TreeSet<>()).add(s.name());
                }
            }
        }
        return edges;
    }

    private static List<Source> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Source> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                out.add(new Source(f, MAIN.relativize(f).getName(0).toString(), references(Files.readString(f))));
            }
            return out;
        }
    }

    /** Imported names, and qualified names written in the code (not in its strings or comments). */
    static Set<String> references(String text) {
        Set<String> names = new TreeSet<>();
        Matcher imports = IMPORT.matcher(text);
        while (imports.find()) {
            names.add(imports.group(1));
        }
        String code = COMMENT.matcher(STRING.matcher(text).replaceAll("\"\"")).replaceAll(" ")
                .replaceAll("(?m)^(package|import)\\s[^;]*;", "");
        Matcher qualified = QUALIFIED.matcher(code);
        while (qualified.find()) {
            names.add(qualified.group(1));
        }
        return names;
    }
}
