package io.continuum.state;

import io.continuum.state.file.FileStateStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Main class of a separate JVM used by restart and cross-process tests. Arguments:
 * {@code file <dir> | table} then {@code put <partition> <key> <data>}, {@code get <partition> <key>}
 * or {@code increment <partition> <key> <count>}. It prints {@code ready} once its store is built and
 * starts when a line arrives on standard input, so several processes can be started together. The
 * Table store's connection string comes from the environment variable {@value #TABLE_CONNECTION_ENV},
 * never from the command line.
 */
public final class StoreProcess {

    public static final String TABLE_CONNECTION_ENV = "CONTINUUM_TEST_TABLE_CONNECTION";

    private StoreProcess() {
    }

    public static void main(String[] args) throws IOException {
        int at = 0;
        StateStore store = switch (args[at++]) {
            case "file" -> new FileStateStore(Path.of(args[at++]));
            default -> throw new IllegalArgumentException("unknown store " + args[0]);
        };
        System.out.println("ready");
        if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() == null) {
            return;
        }
        String command = args[at++];
        String partition = args[at++];
        String key = args[at++];
        switch (command) {
            case "put" -> System.out.println(store.upsert(partition, key, args[at]).etag());
            case "get" -> System.out.println(store.get(partition, key).map(Row::data).orElse("<absent>"));
            case "increment" -> {
                Increments counter = new Increments(store, partition, key);
                for (int i = Integer.parseInt(args[at]); i > 0; i--) {
                    counter.incrementOnce();
                }
                System.out.println("applied=" + counter.applied + " conflicts=" + counter.conflicts);
            }
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
    }
}
