package io.continuum.model.yaml;

import io.continuum.model.Location;
import io.continuum.model.Problems;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.resolver.Resolver;

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
 * YAML reader loses (notes/quarkus-stack.md). Every refusal (size, encoding, syntax, limits) is a
 * located problem, never an exception.
 */
public final class YamlLoader {

    private static final char REPLACEMENT = '\uFFFD';
    private static final String SINGLE_DOCUMENT = "expected a single document in the stream";

    private final YamlLimits limits;

    public YamlLoader(YamlLimits limits) {
        this.limits = limits;
    }

    public Optional<Node> load(String file, byte[] bytes, Problems problems) {
        return document(file, bytes, problems).map(YamlDocument::root);
    }

    public Optional<Node> load(String file, String text, Problems problems) {
        return load(file, text.getBytes(StandardCharsets.UTF_8), problems);
    }

    public Optional<YamlDocument> document(String file, byte[] bytes, Problems problems) {
        if (bytes.length > limits.maxBytes()) {
            problems.error(Location.ofFile(file), "", String.format(
                    "document is %,d bytes; the limit is %,d bytes", bytes.length, limits.maxBytes()));
            return Optional.empty();
        }
        return decodeUtf8(file, bytes, problems)
                .filter(text -> noReplacementCharacter(file, text, problems))
                .flatMap(text -> compose(file, text, problems).map(root -> new YamlDocument(file, text, root)));
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

    /**
     * Text that reached us already decoded (a JSON request, a file read leniently) carries U+FFFD
     * where its bytes were not UTF-8; the original bytes are gone, so it is refused, not guessed.
     */
    private static boolean noReplacementCharacter(String file, String text, Problems problems) {
        int at = text.indexOf(REPLACEMENT);
        if (at < 0) {
            return true;
        }
        int lineStart = text.lastIndexOf('\n', at) + 1;
        int line = (int) text.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
        problems.error(new Location(file, line, at - lineStart + 1), "", "not valid UTF-8: U+FFFD (the replacement "
                + "character) stands where bytes that were not UTF-8 were lost in decoding; save the file as UTF-8");
        return false;
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

    public Optional<Node> compose(String file, String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(limits.maxBytes());
        options.setAllowRecursiveKeys(false);
        AliasExpansionGuard guard = new AliasExpansionGuard(new ParserImpl(new TextReader(text), options),
                limits.maxVisitedNodes(), limits.maxBytes());
        try {
            Node root = new Composer(guard, new Resolver(), options).getSingleNode();
            if (root == null) {
                problems.error(Location.ofFile(file), "", "document is empty");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (AliasExpansionGuard.Refused e) {
            problems.error(at(file, e.mark()), "", e.getMessage());
        } catch (MarkedYAMLException e) {
            syntaxError(file, e, problems);
        } catch (YAMLException e) {
            problems.error(at(file, guard.currentMark()), "", limitMessage(e.getMessage()));
        } catch (StackOverflowError e) {
            problems.error(at(file, guard.currentMark()), "", "document is nested too deeply (limit "
                    + limits.maxDepth() + " levels)");
        }
        return Optional.empty();
    }

    private static Location at(String file, Mark mark) {
        return mark == null ? Location.ofFile(file) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** SnakeYAML's problem, located where it was noticed, and where the construct it was reading began. */
    private static void syntaxError(String file, MarkedYAMLException e, Problems problems) {
        Mark problem = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Mark context = e.getContextMark();
        if (SINGLE_DOCUMENT.equals(e.getContext())) {
            problems.error(at(file, problem), "", "a second YAML document starts here; a blueprint file holds "
                    + "one document (remove the '---' line and what follows, or merge the two)");
            return;
        }
        String began = context == null || e.getContext() == null || sameLine(context, problem) ? ""
                : " (" + e.getContext() + " that began at line " + (context.getLine() + 1) + ", column "
                + (context.getColumn() + 1) + ")";
        problems.error(at(file, problem), "", "invalid YAML: " + e.getProblem() + began);
    }

    private static boolean sameLine(Mark a, Mark b) {
        return b != null && a.getLine() == b.getLine();
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
