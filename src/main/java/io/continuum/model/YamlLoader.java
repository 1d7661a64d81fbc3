package io.continuum.model;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads one YAML document into SnakeYAML's node graph. Composing (not constructing) keeps aliases
 * as shared nodes, custom tags such as {@code !yaml_import}, and line/column marks, which Jackson's
 * YAML reader loses (notes/quarkus-stack.md).
 */
public final class YamlLoader {

    private final YamlLimits limits;

    public YamlLoader(YamlLimits limits) {
        this.limits = limits;
    }

    public Optional<Node> load(String file, byte[] bytes, Problems problems) {
        if (bytes.length > limits.maxBytes()) {
            problems.error(Location.ofFile(file), "", String.format(
                    "document is %,d bytes; the limit is %,d bytes (1 MiB)", bytes.length, limits.maxBytes()));
            return Optional.empty();
        }
        Optional<String> text = decodeUtf8(file, bytes, problems);
        return text.flatMap(t -> compose(file, t, problems));
    }

    public Optional<Node> load(String file, String text, Problems problems) {
        return load(file, text.getBytes(StandardCharsets.UTF_8), problems);
    }

    private Optional<String> decodeUtf8(String file, byte[] bytes, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return Optional.of(decoder.decode(in).toString());
        } catch (MalformedInputException e) {
            int offset = in.position();
            problems.error(lineAt(file, bytes, offset), "",
                    "not valid UTF-8 (byte 0x" + Integer.toHexString(bytes[offset] & 0xff) + " at offset " + offset
                            + "); save the file as UTF-8");
        } catch (CharacterCodingException e) {
            problems.error(Location.ofFile(file), "", "not valid UTF-8; save the file as UTF-8");
        }
        return Optional.empty();
    }

    private static Location lineAt(String file, byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Location(file, line, offset - lineStart + 1);
    }

    private Optional<Node> compose(String file, String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(limits.maxBytes());
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            Node root = yaml.compose(new StringReader(text));
            if (root == null) {
                problems.error(Location.ofFile(file), "", "document is empty");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Location at = mark == null ? Location.ofFile(file) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            problems.error(at, "", "invalid YAML: " + context + e.getProblem());
        } catch (YAMLException e) {
            problems.error(Location.ofFile(file), "", limitMessage(e.getMessage()));
        } catch (StackOverflowError e) {
            problems.error(Location.ofFile(file), "", "document is nested too deeply (limit " + limits.maxDepth() + ")");
        }
        return Optional.empty();
    }

    private String limitMessage(String raw) {
        String m = raw == null ? "" : raw;
        if (m.contains("aliases")) {
            return "too many YAML aliases (limit " + limits.maxAliases()
                    + "); alias expansion bombs (\"billion laughs\") are refused";
        }
        if (m.contains("Nesting Depth")) {
            return "document is nested too deeply (limit " + limits.maxDepth() + " levels)";
        }
        if (m.contains("code points")) {
            return "document is too large (limit " + limits.maxBytes() + " characters)";
        }
        return "invalid YAML: " + m;
    }
}
