package io.continuum.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code variables.x} names a Jinja2 context template uses, with the line and column of each use.
 * One pass over the text: templates may be imported files of any shape, so no step may rescan it.
 */
final class TemplateReferences {

    record Reference(String variable, int line, int column) {
    }

    private static final Pattern VARIABLE =
            Pattern.compile("\\bvariables\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([^'\"]+)['\"]\\s*])");
    private static final Pattern DEFINED_TEST = Pattern.compile("\\s*is\\s+(not\\s+)?defined\\b");

    private TemplateReferences() {
    }

    static List<Reference> in(String template) {
        List<Reference> out = new ArrayList<>();
        Position position = new Position(template);
        Delimiters expressions = new Delimiters(template, "{{", "}}");
        Delimiters statements = new Delimiters(template, "{%", "%}");
        int from = 0;
        while (true) {
            int e = expressions.openingFrom(from);
            int s = statements.openingFrom(from);
            Delimiters kind = s < 0 || (e >= 0 && e < s) ? expressions : statements;
            int open = Math.min(e < 0 ? Integer.MAX_VALUE : e, s < 0 ? Integer.MAX_VALUE : s);
            if (open == Integer.MAX_VALUE) {
                return out;
            }
            int end = kind.closingFrom(open + 2);
            if (end < 0) {
                from = open + 2; // unclosed: Jinja2 rejects it when rendering; the other kind may still close
                continue;
            }
            Matcher v = VARIABLE.matcher(template).region(open + 2, end);
            Matcher guard = DEFINED_TEST.matcher(template);
            while (v.find()) {
                if (guard.region(v.end(), end).lookingAt()) {
                    continue; // guarded use: {% if variables.x is defined %}
                }
                String name = v.group(1) != null ? v.group(1) : v.group(2);
                position.advanceTo(v.start());
                out.add(new Reference(name, position.line, v.start() - position.lineStart + 1));
            }
            from = end + 2;
        }
    }

    /**
     * Finds one kind of delimiter pair. Searches only move forward and a failed search is final,
     * so the whole template is scanned at most once per kind.
     */
    private static final class Delimiters {
        private final String text;
        private final String opening;
        private final String closing;
        private int nextOpening = -2;
        private int nextClosing = -2;
        private boolean unclosed;

        Delimiters(String text, String opening, String closing) {
            this.text = text;
            this.opening = opening;
            this.closing = closing;
        }

        int openingFrom(int from) {
            if (unclosed || nextOpening == -1) {
                return -1;
            }
            if (nextOpening < from) {
                nextOpening = text.indexOf(opening, from);
            }
            return nextOpening;
        }

        int closingFrom(int from) {
            if (nextClosing != -1 && nextClosing < from) {
                nextClosing = text.indexOf(closing, from);
            }
            unclosed = nextClosing == -1;
            return nextClosing;
        }
    }

    /** Line bookkeeping that only moves forward. */
    private static final class Position {
        private final String text;
        private int offset;
        int line = 1;
        int lineStart;

        Position(String text) {
            this.text = text;
        }

        void advanceTo(int target) {
            for (; offset < target; offset++) {
                if (text.charAt(offset) == '\n') {
                    line++;
                    lineStart = offset + 1;
                }
            }
        }
    }
}
