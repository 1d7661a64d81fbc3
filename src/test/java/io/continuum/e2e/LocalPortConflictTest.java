package io.continuum.e2e;

import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A local infrastructure whose ports another one holds is refused before anything is recorded or started. */
@QuarkusTest
@QuarkusTestResource(CleanLocalCloud.class)
class LocalPortConflictTest {

    static final int PORT = FreePorts.block(1);

    /** A ZooKeeper-only infrastructure from the kafka-local template, on PORT. */
    static Map<String, Object> zookeeperOnly(String name) {
        Blueprint b = Blueprints.template("kafka-local");
        String infra = """
                infra_name: %s
                variables: {zookeeper_port: %d, kafka_base_port: %d}
                nodes:
                  - {name: zookeeper, type: zookeeper_local_node}
                """.formatted(name, PORT, PORT + 1);
        return Map.of("infra", infra, "nodeDefinitions", b.nodeDefinitions(), "files", b.files());
    }

    @Test
    void planAndDeployOfTakenPortsAre409NamingTheHolderAndThePort() {
        JsonPath accepted = Api.call("deploy", zookeeperOnly("zk-first"), 202);
        String holder = accepted.getString("infraId");
        Api.awaitSuccess(accepted.getString("operationId"), Duration.ofMinutes(2));
        try {
            String detail = "port " + PORT + " of zookeeper-1 is held by infrastructure " + holder
                    + " (its node zookeeper-1); give this infrastructure other ports (its port variables)"
                    + " or destroy the one holding them";
            for (String fn : List.of("plan", "deploy")) {
                JsonPath refused = Api.call(fn, zookeeperOnly("zk-second"), 409);
                assertEquals("refused", refused.getString("error"), fn);
                assertEquals(detail, refused.getString("detail"), fn);
            }
            assertFalse(Api.call("list", Map.of(), 200).getList("name").contains("zk-second"), "nothing recorded");
            Map<String, Object> ownPlan = new HashMap<>(zookeeperOnly("zk-first"));
            ownPlan.put("infraId", holder);
            Api.call("plan", ownPlan, 200);
        } finally {
            Api.awaitSuccess(Api.call("destroy", Map.of("infraId", holder), 202).getString("operationId"),
                    Duration.ofMinutes(1));
        }
        Api.call("plan", zookeeperOnly("zk-second"), 200);
    }
}
