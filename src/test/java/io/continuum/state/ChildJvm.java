package io.continuum.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A new JVM on the test classpath running {@link StoreProcess}: a separate process sharing the store. */
public final class ChildJvm {

    private static final String END = "\u0000end";

    private final Process process;
    private final List<String> args;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder output = new StringBuilder();

    private ChildJvm(Process process, List<String> args) {
        this.process = process;
        this.args = args;
        Thread reader = new Thread(this::readOutput, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static ChildJvm start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"),
                StoreProcess.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ChildJvm(builder.start(), List.of(args));
    }

    /** Runs a child to its end and returns the last line it printed. */
    public static String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ChildJvm child = start(env, args);
        child.send("go");
        String[] printed = child.await(120).split("\n");
        return printed[printed.length - 1];
    }

    /** Waits until the child prints {@code expected} on a line of its own. */
    public void awaitLine(String expected, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (expected.equals(line)) {
                return;
            }
            if (line == null || line.equals(END)) {
                throw new AssertionError("child JVM " + args + " did not print '" + expected + "':\n" + output());
            }
        }
    }

    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the process to exit 0 and returns its output; kills it after {@code timeoutSeconds}. */
    public String await(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("child JVM " + args + " still running after " + timeoutSeconds + " s:\n" + output());
        }
        awaitLine(END, 10);
        if (process.exitValue() != 0) {
            throw new AssertionError("child JVM " + args + " exited " + process.exitValue() + ":\n" + output());
        }
        return output();
    }

    private void readOutput() {
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

    private String output() {
        synchronized (output) {
            return output.toString();
        }
    }
}
