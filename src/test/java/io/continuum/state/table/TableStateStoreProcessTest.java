package io.continuum.state.table;

import io.continuum.state.ChildJvm;
import io.continuum.state.Increments;
import io.continuum.state.Row;
import io.continuum.state.StoreProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Separate JVMs sharing one table: what one process wrote, a new one reads; concurrent increments all count. */
@ExtendWith(AzuriteExtension.class)
class TableStateStoreProcessTest {

    private final Map<String, String> env;
    private final TableSettings settings;

    TableStateStoreProcessTest(Azurite azurite) {
        this.env = Map.of(StoreProcess.TABLE_CONNECTION_ENV, azurite.connectionString());
        this.settings = Azurite.settings(azurite.connectionString());
    }

    @Test
    void rowsWrittenByOneProcessAreReadByANewProcessAndANewStore() throws Exception {
        String etag = ChildJvm.run(env, "table", settings.tableName(), "put", "infra-1", "node:kafka-1", "{\"ip\":\"10.0.0.5\"}").strip();

        Row row = TableStateStore.connect(settings).get("infra-1", "node:kafka-1").orElseThrow();
        assertEquals("{\"ip\":\"10.0.0.5\"}", row.data());
        assertEquals(etag, row.etag());
        assertEquals("{\"ip\":\"10.0.0.5\"}",
                ChildJvm.run(env, "table", settings.tableName(), "get", "infra-1", "node:kafka-1").strip());
    }

    @Test
    void twoProcessesAndThisOneIncrementOneRowWithoutLosingAny() throws Exception {
        int perProcess = 25;
        ChildJvm first = ChildJvm.start(env, "table", settings.tableName(), "increment", "infra-1", "counter", "" + perProcess);
        ChildJvm second = ChildJvm.start(env, "table", settings.tableName(), "increment", "infra-1", "counter", "" + perProcess);
        first.awaitReady();
        second.awaitReady();
        first.go();
        second.go();
        Increments here = new Increments(TableStateStore.connect(settings), "infra-1", "counter");
        for (int i = 0; i < perProcess; i++) {
            here.incrementOnce();
        }
        String firstOut = first.await(120);
        String secondOut = second.await(120);
        System.out.printf("table store, 2 processes + this one: %s | %s | here applied=%d conflicts=%d%n",
                firstOut.strip(), secondOut.strip(), here.applied.get(), here.conflicts.get());

        int total = applied(firstOut) + applied(secondOut) + here.applied.get();
        assertEquals(3 * perProcess, total);
        assertEquals(Integer.toString(total), TableStateStore.connect(settings).get("infra-1", "counter").orElseThrow().data());
    }

    private static int applied(String output) {
        Matcher m = Pattern.compile("applied=(\\d+) conflicts=(\\d+)").matcher(output);
        assertTrue(m.find(), output);
        return Integer.parseInt(m.group(1));
    }
}
