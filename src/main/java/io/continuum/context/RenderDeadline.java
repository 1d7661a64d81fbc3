package io.continuum.context;

import com.hubspot.jinjava.el.JinjavaNodePreProcessor;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.tree.Node;

import java.time.Duration;

/**
 * Stops a rendering that runs past its time limit. Jinjava offers no time limit of its own, but calls
 * a pre-processor before it renders each node (every loop iteration renders its body's nodes), so
 * the check runs throughout; the deadline of the current rendering travels in its context. Jinjava's
 * own pre-processing (current node, interrupts) runs first.
 */
final class RenderDeadline extends JinjavaNodePreProcessor {

    static final String KEY = "__continuum_render_deadline";

    /** Thrown out of the rendering: not an error Jinjava records and renders past. */
    static final class Exceeded extends RuntimeException {
        Exceeded(Duration limit) {
            super("rendering takes longer than " + limit.toMillis() + " ms", null, false, false);
        }
    }

    record Deadline(long nanoTime, Duration limit) {
        static Deadline after(Duration limit) {
            return new Deadline(System.nanoTime() + limit.toNanos(), limit);
        }
    }

    @Override
    public void accept(Node node, JinjavaInterpreter interpreter) {
        super.accept(node, interpreter);
        if (interpreter.getContext().get(KEY) instanceof Deadline d && System.nanoTime() - d.nanoTime() > 0) {
            throw new Exceeded(d.limit());
        }
    }
}
