package io.continuum.cloud.local.netns;

import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;
import io.continuum.model.Parsers;
import io.continuum.model.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code resource.network} as validation sees it: refused at its field before any cloud is called. */
class NetworkFieldTest {

    private static List<Problem> problems(String network) {
        return Parsers.standard().parse(Blueprint.of("infra_name: k\nnodes:\n  - {name: kafka, type: kafka_node}\n", """
                'node_def:kafka_node':
                  - resource: {type: local, service: kafka, network: %s}
                    contextualisation:
                      type: cloudinit
                      context_template: |
                        #cloud-config
                        write_files:
                          - path: /config/server.properties
                            content: x=1
                """.formatted(network), Map.of())).problems();
    }

    @Test
    void aNameThatCannotNameANamespaceIsRefusedAtItsField() {
        List<Problem> refused = problems("Azure_1");
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).toString().contains("node_def:kafka_node[0].resource.network: must be a network name of 1 to 12 "
                + "lower-case letters and digits starting with a letter, found 'Azure_1'"), refused.toString());
    }

    /** Run as user nobody (uid 65534) with setpriv: what a host that is not root answers. */
    @Test
    void aProcessThatIsNotRootIsToldWhyAndHowToDoWithout() throws Exception {
        assumeTrue(TestNetworks.refusal().isEmpty() && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "not run: needs root and setpriv to become another user");
        Path dir = Files.createDirectories(Path.of("target/netns-probe").toAbsolutePath());
        Path source = Files.writeString(dir.resolve("Refusal.java"), """
                public class Refusal {
                    public static void main(String[] a) {
                        System.out.print(io.continuum.cloud.local.netns.LocalNetworks.refusal("elkh").orElse("none"));
                    }
                }
                """);
        // The Maven repository is in root's home, which nobody may read: the one jar needed goes beside the source.
        Path logging = Files.copy(Path.of(org.jboss.logging.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                dir.resolve("jboss-logging.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String classpath = Path.of("target/classes").toAbsolutePath() + ":" + logging;
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath, source.toString())
                .redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished within 60 s");
            assertEquals("this host cannot make local networks (not running as root); run Continuum as root on Linux with"
                            + " iproute2, or leave out 'network' to run the node on 127.0.0.1",
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theHybridTemplateIsValidWhereNetworksCanBeMade() {
        assumeTrue(TestNetworks.refusal().isEmpty(), () -> "not run: " + TestNetworks.refusal().orElseThrow());
        assertEquals(List.of(), problems("azure"));
        assertTrue(Parsers.standard().parse(Blueprints.template("kafka-local-hybrid")).valid());
        assertTrue(Parsers.standard().parse(Blueprints.template("kafka-local-hybrid", "infra-extended.yaml")).valid());
    }
}
