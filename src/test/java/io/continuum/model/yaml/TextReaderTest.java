package io.continuum.model.yaml;

import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;
import io.continuum.model.MalformedCorpus;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.StreamReader;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** TextReader reads as SnakeYAML's StreamReader does: the same characters, lines, columns and indices. */
class TextReaderTest {

    @Test
    void readsEveryTemplateAndCaseAsStreamReaderDoes() {
        List<Blueprint> blueprints = new ArrayList<>(List.of(Blueprints.template("kafka-local"),
                Blueprints.template("kafka-hybrid"), Blueprints.template("kafka-hybrid-aci")));
        MalformedCorpus.cases().forEach(c -> blueprints.add(c.blueprint()));
        List<String> texts = new ArrayList<>();
        for (Blueprint b : blueprints) {
            texts.add(b.infra());
            texts.add(b.nodeDefinitions());
            texts.addAll(b.files().values());
        }
        texts.add("a: b\r\nc: d\re: \u0085f\u2028g\u2029h\uFEFFi: \uD83D\uDC18\n" + "long: " + "x".repeat(5_000));
        for (String text : texts) {
            if (text.codePoints().allMatch(StreamReader::isPrintable)) {
                assertSameReading(text);
            }
        }
    }

    /** Walks both readers with the scanner's moves (peek ahead, prefix, forward one or several) and compares. */
    private static void assertSameReading(String text) {
        StreamReader expected = new StreamReader(text);
        StreamReader actual = new TextReader(text);
        SplittableRandom random = new SplittableRandom(text.length());
        int steps = 0;
        while (expected.peek() != '\0' && steps++ < 100_000) {
            int ahead = random.nextInt(4);
            assertEquals(expected.peek(ahead), actual.peek(ahead));
            assertEquals(expected.prefix(ahead), actual.prefix(ahead));
            switch (random.nextInt(3)) {
                case 0 -> {
                    expected.forward();
                    actual.forward();
                }
                case 1 -> {
                    int n = 1 + random.nextInt(20);
                    expected.forward(n);
                    actual.forward(n);
                }
                default -> {
                    int n = 1 + random.nextInt(5);
                    assertEquals(expected.prefixForward(n), actual.prefixForward(n));
                }
            }
            Mark e = expected.getMark();
            Mark a = actual.getMark();
            assertEquals(List.of(e.getLine(), e.getColumn(), e.getIndex(), expected.getDocumentIndex()),
                    List.of(a.getLine(), a.getColumn(), a.getIndex(), actual.getDocumentIndex()), "at step " + steps);
        }
    }
}
