package io.continuum.cloud.local.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** iproute2's {@code ip}, run as a child process with a bounded wait: the only way this package changes the host. */
final class Ip {

    /** Where Debian puts it; else whatever {@code ip} the PATH finds. */
    static final String BINARY = Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "ip";
    private static final long TIMEOUT_SECONDS = 20;

    /** A failed {@code ip} call, with what it printed. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }

        /** The object to add exists already: an earlier call (or another instance) did it. */
        boolean exists() {
            return getMessage().contains("File exists") || getMessage().contains("already assigned");
        }

        /** The object to remove is gone already. */
        boolean absent() {
            String m = getMessage();
            return m.contains("Cannot find device") || m.contains("No such file") || m.contains("does not exist")
                    || m.contains("Cannot assign requested address") || m.contains("No such process");
        }
    }

    private Ip() {
    }

    /** Runs {@code ip args…} and returns its output; throws {@link Failure} on a non-zero exit or a timeout. */
    static String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(List.of(args));
        Path output = null;
        Process p = null;
        try {
            // Output goes to a file, not a pipe: a full pipe would stall the process past the bounded wait.
            output = Files.createTempFile("continuum-ip", ".out");
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new Failure(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String out = Files.readString(output, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new Failure(String.join(" ", command) + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new Failure("cannot run " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(String.join(" ", command) + " interrupted");
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** Adds something; that it exists already is fine (idempotent). */
    static void add(String... args) {
        try {
            run(args);
        } catch (Failure f) {
            if (!f.exists()) {
                throw f;
            }
        }
    }

    /** Removes something; that it is gone already is fine (idempotent). */
    static void remove(String... args) {
        try {
            run(args);
        } catch (Failure f) {
            if (!f.absent()) {
                throw f;
            }
        }
    }

    /** Lines of output, empty when there is none. */
    static List<String> lines(String... args) {
        String out = run(args);
        return out.isEmpty() ? List.of() : out.lines().toList();
    }
}
