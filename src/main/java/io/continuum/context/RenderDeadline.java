package io.continuum.context;

import com.hubspot.jinjava.el.JinjavaNodePreProcessor;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.tree.Node;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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

    /**
     * Counted in the rendering thread's CPU time where the JVM measures it, so that a loaded machine
     * (other builds, GC) cannot make an ordinary template look like a bomb; wall time otherwise.
     */
    record Deadline(long at, Duration limit) {

        static Deadline after(Duration limit) {
            return new Deadline(now() + limit.toNanos(), limit);
        }

        boolean passed() {
            return now() - at > 0;
        }

        private static long now() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean(); // not kept: a native image initialises statics at build time
            return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : System.nanoTime();
        }
    }

    @Override
    public void accept(Node node, JinjavaInterpreter interpreter) {
        super.accept(node, interpreter);
        if (interpreter.getContext().get(KEY) instanceof Deadline d && d.passed()) {
            throw new Exceeded(d.limit());
        }
    }
}
