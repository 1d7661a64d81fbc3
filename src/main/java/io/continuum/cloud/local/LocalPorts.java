package io.continuum.cloud.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The TCP ports of local nodes on 127.0.0.1: whether one is free, which ones a node directory
 * holds, and which one a process that exited on a bind failure could not take.
 */
final class LocalPorts {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String FILE = "ports";
    private static final String IN_USE = "Address already in use";
    /** ZooKeeper logs "binding to port /127.0.0.1:2181", Kafka "Socket server failed to bind to 0.0.0.0:9092". */
    private static final Pattern BIND_TARGET = Pattern.compile("bind(?:ing)? to (?:port )?\\S*?:(\\d{1,5})\\b");

    private LocalPorts() {
    }

    static String inUse(int port) {
        return "port " + port + " on " + LOOPBACK + " is in use";
    }

    /** Whether a server could bind the port on 127.0.0.1 now (address reuse on, as servers set it). */
    static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void record(Path dir, List<Integer> ports) throws IOException {
        Files.writeString(dir.resolve(FILE), ports.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /** The ports a node directory holds; none when it records none. */
    static List<Integer> recorded(Path dir) {
        try {
            String text = Files.readString(dir.resolve(FILE)).strip();
            return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    /**
     * The port an exited process could not bind, when its logs show "Address already in use": the one
     * the log names, else the first of the node's ports that is still taken.
     */
    static Optional<Integer> bindFailure(Path dir, List<Path> logs) {
        for (Path log : logs) {
            Optional<BindFailure> failure = bindFailureIn(log);
            if (failure.isPresent()) {
                return Optional.ofNullable(failure.get().port())
                        .or(() -> recorded(dir).stream().filter(p -> !free(p)).findFirst());
            }
        }
        return Optional.empty();
    }

    /** A bind failure in a log, with the port the log names (null when it names none). */
    private record BindFailure(Integer port) {
    }

    private static Optional<BindFailure> bindFailureIn(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            Integer lastTarget = null;
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                Matcher m = BIND_TARGET.matcher(line);
                while (m.find()) {
                    lastTarget = Integer.valueOf(m.group(1));
                }
                if (line.contains(IN_USE)) {
                    return Optional.of(new BindFailure(lastTarget));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no such log yet
        }
        return Optional.empty();
    }
}
