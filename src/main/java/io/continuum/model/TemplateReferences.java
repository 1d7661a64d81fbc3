package io.continuum.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code variables.x} names a Jinja2 context template uses, with the line of each use. */
final class TemplateReferences {

    record Reference(String variable, int line, int column) {
    }

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}|\\{%(.*?)%}", Pattern.DOTALL);
    private static final Pattern VARIABLE =
            Pattern.compile("\\bvariables\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([^'\"]+)['\"]\\s*])");

    private TemplateReferences() {
    }

    static List<Reference> in(String template) {
        List<Reference> out = new ArrayList<>();
        Matcher expr = EXPRESSION.matcher(template);
        while (expr.find()) {
            String body = expr.group(1) != null ? expr.group(1) : expr.group(2);
            int bodyStart = expr.group(1) != null ? expr.start(1) : expr.start(2);
            Matcher v = VARIABLE.matcher(body);
            while (v.find()) {
                String name = v.group(1) != null ? v.group(1) : v.group(2);
                if (body.substring(v.end()).matches("(?s)\\s*is\\s+(not\\s+)?defined.*")) {
                    continue; // guarded use: {% if variables.x is defined %}
                }
                int offset = bodyStart + v.start();
                int line = 1;
                int lineStart = 0;
                for (int i = 0; i < offset; i++) {
                    if (template.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                out.add(new Reference(name, line, offset - lineStart + 1));
            }
        }
        return out;
    }
}
