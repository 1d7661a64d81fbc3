package io.continuum.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The output of a started process, read line by line so a test can wait for a readiness line. */
public final class ProcessLines {

    private static final String END = "\u0000end";

    private final String name;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder output = new StringBuilder();

    public ProcessLines(String name, Process process) {
        this.name = name;
        Thread reader = new Thread(() -> read(process), name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for a line matching {@code expected}; fails with the output so far if the process ends or time runs out. */
    public void await(Predicate<String> expected, String description, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && expected.test(line)) {
                return;
            }
            if (line == null || line.equals(END)) {
                throw new AssertionError(name + " did not print " + description + " within " + timeoutSeconds + " s:\n" + text());
            }
        }
    }

    /** Waits until the output has ended (the process closed it). */
    public void awaitEnd(long timeoutSeconds) throws InterruptedException {
        await(END::equals, "the end of its output", timeoutSeconds);
    }

    public String text() {
        synchronized (output) {
            return output.toString();
        }
    }

    private void read(Process process) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lines.add(END);
        }
    }
}
