package io.continuum.state;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules both stores enforce, so that state written to the file store could move to Azure
 * Table Storage: keys are non-empty, at most {@value #MAX_LENGTH} characters, and free of the
 * characters Azure forbids in partition and row keys ('/', '\', '#', '?' and control characters).
 */
public final class RowRules {

    public static final int MAX_LENGTH = 512;

    private RowRules() {
    }

    public static void checkKey(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters, at most " + MAX_LENGTH + " allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || c == '#' || c == '?' || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " '" + printable(value) + "' contains a forbidden character"
                        + " (not allowed: / \\ # ? and control characters)");
            }
        }
    }

    /** Checks a batch's size, its keys and data, and that no key appears twice (Azure refuses that too). */
    public static void checkBatch(String partition, List<Write> writes) {
        checkKey("partition", partition);
        StateStore.checkBatch(writes);
        Set<String> seen = new HashSet<>();
        for (Write w : writes) {
            checkKey("key", w.key());
            if (w.kind() != Write.Kind.DELETE && w.data() == null) {
                throw new IllegalArgumentException("write of key '" + w.key() + "' has no data");
            }
            if (!seen.add(w.key())) {
                throw new IllegalArgumentException("a batch may write key '" + w.key() + "' only once");
            }
        }
    }

    private static String printable(String value) {
        return value.codePoints()
                .collect(StringBuilder::new,
                        (sb, cp) -> sb.append(Character.isISOControl(cp) ? String.format("\\u%04x", cp) : Character.toString(cp)),
                        StringBuilder::append)
                .toString();
    }
}
