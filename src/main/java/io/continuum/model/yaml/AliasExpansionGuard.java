package io.continuum.model.yaml;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sits between SnakeYAML's parser and composer and counts the nodes and the scalar characters that
 * aliases expand to. The composer itself shares aliased nodes, but every reader after it (and any
 * user of the values: a template rendering them, JSON holding them) expands them, so an alias bomb is
 * refused here, at the alias that crosses a limit, as is an alias inside its own anchor (a recursive
 * structure) or to no anchor.
 */
final class AliasExpansionGuard implements Parser {

    /** Thrown at the alias that is refused; the composer does not catch it. */
    static final class Refused extends RuntimeException {
        private final transient Mark mark;

        Refused(String message, Mark mark) {
            super(message, null, false, false);
            this.mark = mark;
        }

        Mark mark() {
            return mark;
        }
    }

    /** What a node expands to: nodes (itself included) and characters of scalar text. */
    private record Size(long nodes, long chars) {
        static final Size ONE = new Size(1, 0);

        Size plus(Size o) {
            return new Size(nodes + o.nodes, chars + o.chars);
        }
    }

    /** A collection being read: its anchor, if any, and its expanded size so far. */
    private static final class Open {
        final String anchor;
        Size size = Size.ONE;

        Open(String anchor) {
            this.anchor = anchor;
        }
    }

    private static final int ANCHORS_LISTED = 10;

    private final Parser parser;
    private final long maxNodes;
    private final long maxChars;
    private final Map<String, Size> closedSizes = new LinkedHashMap<>();
    private final Map<String, Open> openAnchors = new HashMap<>();
    private final Deque<Open> open = new ArrayDeque<>();
    private Size viaAliases = new Size(0, 0);
    private Event current;

    AliasExpansionGuard(Parser parser, long maxNodes, long maxChars) {
        this.parser = parser;
        this.maxNodes = maxNodes;
        this.maxChars = maxChars;
    }

    /** The event the composer looked at last: where a limit it enforces itself was crossed. */
    Mark currentMark() {
        return current == null ? null : current.getStartMark();
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        current = parser.peekEvent();
        return current;
    }

    @Override
    public Event getEvent() {
        current = parser.getEvent();
        switch (current.getEventId()) {
            case Scalar -> {
                Size size = new Size(1, ((ScalarEvent) current).getValue().length());
                define(((NodeEvent) current).getAnchor(), size);
                add(size);
            }
            case SequenceStart, MappingStart -> {
                Open o = new Open(((NodeEvent) current).getAnchor());
                open.push(o);
                if (o.anchor != null) {
                    closedSizes.remove(o.anchor);
                    openAnchors.put(o.anchor, o);
                }
            }
            case SequenceEnd, MappingEnd -> close();
            case Alias -> alias((AliasEvent) current);
            default -> {
            }
        }
        return current;
    }

    /** A collection's size reaches its parent when it ends. */
    private void close() {
        Open o = open.pop();
        if (o.anchor != null && openAnchors.get(o.anchor) == o) {
            openAnchors.remove(o.anchor);
            closedSizes.put(o.anchor, o.size);
        }
        if (!open.isEmpty()) {
            open.peek().size = open.peek().size.plus(o.size);
        }
    }

    private void define(String anchor, Size size) {
        if (anchor != null) {
            openAnchors.remove(anchor);
            closedSizes.remove(anchor); // re-insert: the listing of anchors stays in definition order
            closedSizes.put(anchor, size);
        }
    }

    private void alias(AliasEvent a) {
        String anchor = a.getAnchor();
        if (openAnchors.containsKey(anchor)) {
            throw new Refused("alias *" + anchor + " is inside its own anchor &" + anchor
                    + "; recursive structures are refused", a.getStartMark());
        }
        Size size = closedSizes.get(anchor);
        if (size == null) {
            throw new Refused("alias *" + anchor + " refers to no anchor defined before it (" + defined() + ")",
                    a.getStartMark());
        }
        add(size);
        viaAliases = viaAliases.plus(size);
        if (viaAliases.nodes() > maxNodes || viaAliases.chars() > maxChars) {
            String what = viaAliases.nodes() > maxNodes ? String.format("%,d nodes", maxNodes)
                    : String.format("%,d characters", maxChars);
            throw new Refused("aliases up to *" + anchor + " expand to more than " + what
                    + "; alias expansion bombs (\"billion laughs\") are refused", a.getStartMark());
        }
    }

    private void add(Size size) {
        if (!open.isEmpty()) {
            open.peek().size = open.peek().size.plus(size);
        }
    }

    private String defined() {
        if (closedSizes.isEmpty()) {
            return "no anchor is defined before it";
        }
        String listed = closedSizes.keySet().stream().limit(ANCHORS_LISTED).map(s -> "&" + s)
                .collect(Collectors.joining(", "));
        return "anchors defined before it: " + listed + (closedSizes.size() > ANCHORS_LISTED ? ", ..." : "");
    }
}
