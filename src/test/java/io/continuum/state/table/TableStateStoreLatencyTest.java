package io.continuum.state.table;

import io.continuum.state.Row;
import io.continuum.state.StateStore;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Latency of a state read and of a conditional write, measured one operation at a time from one
 * thread with System.nanoTime around each call, after a warm-up. Azurite runs in memory on
 * 127.0.0.1, so this is the cost of the client, HTTP and the emulator, not of Azure's network.
 */
@ExtendWith(AzuriteExtension.class)
class TableStateStoreLatencyTest {

    private static final int WARM_UP = 30;
    private static final int MEASURED = 200;
    /** A node row of realistic size: ~1 KiB of JSON. */
    private static final String NODE = "{\"id\":\"kafka-elkh-1\",\"type\":\"kafka-elkh\",\"state\":\"running\",\"ip\":\"10.0.0.12\","
            + "\"publicIp\":\"192.0.2.12\",\"resource\":\"" + "r".repeat(900) + "\"}";

    @Test
    void readAndConditionalWriteOnAzurite(Azurite azurite) {
        measure("Table store on Azurite", azurite.newStore());
    }

    @Test
    void readAndConditionalWriteOnFiles(@TempDir Path dir) {
        measure("File store", new FileStateStore(dir));
    }

    private static void measure(String name, StateStore store) {
        Row[] row = {store.insert("infra-latency", "node:kafka-1", NODE + 0)};
        double[] reads = time(() -> store.get("infra-latency", "node:kafka-1").orElseThrow());
        int[] version = {0};
        double[] writes = time(() -> row[0] = store.replace(row[0], NODE + ++version[0]));

        assertEquals(NODE + version[0], store.get("infra-latency", "node:kafka-1").orElseThrow().data(), "every write applied");
        System.out.printf("%s: %d reads (get of a 1 KiB row) median %.2f ms, p90 %.2f ms; %d conditional writes"
                        + " (replace with If-Match) median %.2f ms, p90 %.2f ms; one thread, after %d warm-up operations each%n",
                name, MEASURED, percentile(reads, 50), percentile(reads, 90), MEASURED, percentile(writes, 50),
                percentile(writes, 90), WARM_UP);
    }

    private static double[] time(Supplier<?> operation) {
        for (int i = 0; i < WARM_UP; i++) {
            operation.get();
        }
        double[] millis = new double[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            operation.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
