package io.continuum.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A new JVM on the test classpath running {@link StoreProcess}: a separate process sharing the store. */
public final class ChildJvm {

    private final Process process;
    private final String name;
    private final ProcessLines output;

    private ChildJvm(Process process, String name) {
        this.process = process;
        this.name = name;
        this.output = new ProcessLines(name, process);
    }

    public static ChildJvm start(Map<String, String> env, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(StoreProcess.class, args)).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ChildJvm(builder.start(), "child JVM " + List.of(args));
    }

    /** The command line of a small, quick-starting JVM on the test class path running {@code main}. */
    public static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx128m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a child to its end and returns the last line it printed. */
    public static String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ChildJvm child = start(env, args);
        child.awaitReady();
        child.go();
        String[] printed = child.await(120).split("\n");
        return printed[printed.length - 1];
    }

    /** Waits until the child has built its store. */
    public void awaitReady() throws InterruptedException {
        output.await("ready"::equals, "'ready'", 60);
    }

    /** Lets a ready child start its work. */
    public void go() throws IOException {
        process.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the process to exit 0 and returns its output; kills it after {@code timeoutSeconds}. */
    public String await(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + " still running after " + timeoutSeconds + " s:\n" + output.text());
        }
        output.awaitEnd(10);
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + output.text());
        }
        return output.text().replaceFirst("^ready\n", "");
    }
}
