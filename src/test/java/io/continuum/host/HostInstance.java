package io.continuum.host;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One worker of the emulated host: the packaged app ({@code target/quarkus-app/quarkus-run.jar})
 * as a child process listening on {@code FUNCTIONS_CUSTOMHANDLER_PORT}, its output in a log file.
 */
final class HostInstance {

    static final Path RUNNER = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** Small heap and quick JIT: several instances share a 2-core machine with the brokers. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private HostInstance(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts the app and waits (bounded) until {@code /q/health/live} answers 200. */
    static HostInstance start(String name, int port, Map<String, String> env, Path logDir, HttpClient http,
                              Duration readyTimeout) throws IOException, InterruptedException {
        Path runner = RUNNER.toAbsolutePath();
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(runner + " is missing: the package phase builds it before the integration tests");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(runner.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("FUNCTIONS_CUSTOMHANDLER_PORT", Integer.toString(port));
        HostInstance instance = new HostInstance(name, port, pb.start(), log);
        try {
            instance.awaitLive(http, readyTimeout);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            instance.kill();
            throw e;
        }
        return instance;
    }

    private void awaitLive(HttpClient http, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before it was live:\n" + tail());
            }
            try {
                if (http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " was not live within " + timeout + ":\n" + tail());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Whether the process has ended or ends within {@code grace} (its exit is noticed a little after the kill). */
    boolean diedWithin(Duration grace) throws InterruptedException {
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** SIGKILL by pid, as the host recycles a worker (no shutdown hook runs); waits until it is gone. */
    void kill() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL after a grace period. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** The end of the instance's output, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + "@" + port + "/pid " + process.pid();
    }
}
