package io.continuum.model.yaml;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's reader over a text already in memory, in linear time. SnakeYAML's own StreamReader
 * reads 1,024 characters at a time and copies the unread rest of its window on every read, so one
 * long token (a plain scalar or a comment of a megabyte) costs time and garbage quadratic in its
 * length: up to seconds and gigabytes of garbage for a document under the 1 MiB limit. This one
 * holds the text's code points once; it counts lines, columns and indices exactly as StreamReader
 * does (the scanner and every location depend on them), and refuses the first character YAML does
 * not allow when the scanner reaches it, located there.
 */
final class TextReader extends StreamReader {

    private static final String NAME = "'string'";

    private final int[] text;
    private final int firstSpecial;
    private int pointer;
    private int documentIndex;
    private int line;
    private int column;

    TextReader(String s) {
        super("");
        this.text = s.codePoints().toArray();
        int i = 0;
        while (i < text.length && isPrintable(text[i])) {
            i++;
        }
        this.firstSpecial = i;
    }

    /** A character YAML does not allow (NUL, other controls, U+FFFE...), where it stands. */
    static final class SpecialCharacter extends MarkedYAMLException {
        SpecialCharacter(int codePoint, Mark at) {
            super(null, null, String.format("special character U+%04X is not allowed (YAML allows printable "
                    + "characters, tab and line breaks)", codePoint), at);
        }
    }

    /** StreamReader's ensureEnoughData: is there a character {@code ahead} places past the pointer? */
    private boolean available(int ahead) {
        if (pointer + ahead >= firstSpecial && firstSpecial < text.length) {
            throw new SpecialCharacter(text[firstSpecial], markOf(firstSpecial));
        }
        return pointer + ahead < text.length;
    }

    /** The mark of a position at or after the pointer, counted as forward() would count it. */
    private Mark markOf(int position) {
        int l = line;
        int c = column;
        for (int i = pointer; i < position; i++) {
            if (breaksLine(i)) {
                l++;
                c = 0;
            } else if (text[i] != 0xFEFF) {
                c++;
            }
        }
        return new Mark(NAME, position, l, c, text, position);
    }

    private boolean breaksLine(int i) {
        int ch = text[i];
        return Constant.LINEBR.has(ch) || ch == '\r' && i + 1 < text.length && text[i + 1] != '\n';
    }

    @Override
    public Mark getMark() {
        return new Mark(NAME, pointer, line, column, text, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int length) {
        for (int i = 0; i < length && available(0); i++) {
            if (breaksLine(pointer)) {
                line++;
                column = 0;
            } else if (text[pointer] != 0xFEFF) {
                column++;
            }
            pointer++;
            documentIndex++;
        }
    }

    @Override
    public int peek() {
        return available(0) ? text[pointer] : '\0';
    }

    @Override
    public int peek(int index) {
        return available(index) ? text[pointer + index] : '\0';
    }

    @Override
    public String prefix(int length) {
        if (length == 0) {
            return "";
        }
        return new String(text, pointer, available(length) ? length : Math.min(length, text.length - pointer));
    }

    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        pointer += length;
        documentIndex += length;
        column += length;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return pointer;
    }

    @Override
    public int getLine() {
        return line;
    }
}
