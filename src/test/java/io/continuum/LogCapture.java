package io.continuum;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log record of the JVM, at every level, as text (logger, message, parameters, stack trace)
 * from {@link #start()} until {@link #close()}: for checking that no secret is ever logged.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> records = new CopyOnWriteArrayList<>();
    private final Level rootLevel;

    private LogCapture() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(this);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record.getLoggerName() + " " + record.getMessage() + " " + Arrays.toString(record.getParameters())
                + (record.getThrown() == null ? "" : " " + stackTrace(record.getThrown())));
    }

    @Override
    public void flush() {
    }

    /** Stops capturing and restores the root logger's level. */
    @Override
    public void close() {
        Logger root = Logger.getLogger("");
        root.removeHandler(this);
        root.setLevel(rootLevel);
    }

    public List<String> records() {
        return List.copyOf(records);
    }

    public String text() {
        return String.join("\n", records);
    }

    /** A throwable as printed, with its causes. */
    public static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
