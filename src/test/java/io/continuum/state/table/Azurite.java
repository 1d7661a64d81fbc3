package io.continuum.state.table;

import io.continuum.e2e.FreePorts;
import io.continuum.state.ProcessLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's Table service as a process on 127.0.0.1 with in-memory storage, installed by bin/test
 * into .tools/azurite. Its account and key are the emulator's published development ones.
 */
public final class Azurite implements AutoCloseable {

    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final Path EXECUTABLE = Path.of(".tools", "azurite", "node_modules", ".bin", "azurite-table");
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final int port;
    private final Path workDir;

    private Azurite(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
    }

    public static Azurite start() throws IOException, InterruptedException {
        Path executable = EXECUTABLE.toAbsolutePath();
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("Azurite is not installed at " + executable + ": run bin/test, or "
                    + "`npm install --prefix .tools/azurite azurite@3.35.0` in the project directory");
        }
        int port = FreePorts.block(1);
        Path workDir = Files.createTempDirectory("azurite");
        Process process = new ProcessBuilder(executable.toString(), "--tableHost", "127.0.0.1", "--tablePort", Integer.toString(port),
                "--inMemoryPersistence", "--disableTelemetry")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        Azurite azurite = new Azurite(process, port, workDir);
        try {
            new ProcessLines("Azurite", process).await(line -> line.contains("successfully started"),
                    "that it started", START_TIMEOUT_SECONDS);
        } catch (AssertionError | InterruptedException e) {
            azurite.close();
            throw e;
        }
        return azurite;
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return connectionStringFor(port);
    }

    /** A connection string for the same account at another port, e.g. a proxy in front of Azurite. */
    public static String connectionStringFor(int port) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";TableEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
    }

    /** A store on a table of its own, with fast retries so fault tests stay short. */
    public TableStateStore newStore() {
        return TableStateStore.connect(settings(connectionString()));
    }

    public static TableSettings settings(String connectionString) {
        return new TableSettings(connectionString, "t" + UUID.randomUUID().toString().replace("-", ""),
                3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** Stops the process it started, by its id: politely first, then for good. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
