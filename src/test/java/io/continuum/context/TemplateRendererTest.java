package io.continuum.context;

import io.continuum.cloud.Addresses;
import io.continuum.model.BlueprintParser;
import io.continuum.model.Blueprints;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.Parsers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer();
    private final AddressBook zk = new AddressBook(Map.of("zookeeper", List.of(new Addresses("10.0.0.5", "192.168.0.5"))));

    @Test
    void occopusVariablesAndFunctionsRender() {
        String t = "id={{ infra_id }}/{{ node_id }} zk={{ getip('zookeeper') }} priv={{ getprivip('zookeeper') }}"
                + " all={{ getipall('zookeeper')|join(',') }} x={{ variables.x + node_index }}";
        String out = renderer.render(t, ctx(Map.of("x", 100L), new Addresses("1.2.3.4", null), zk), "t");
        assertEquals("id=infra-1/kafka-3 zk=10.0.0.5 priv=192.168.0.5 all=10.0.0.5 x=103", out);
    }

    @Test
    void unknownVariableIsAnErrorWithItsLine() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> renderer.render("a\nb={{ variables.nope }}", ctx(Map.of(), Addresses.NONE, zk), "context_template"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("kafka-3"), e.getMessage());
    }

    @Test
    void getipOfANodeWithoutInstancesIsAnError() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> renderer.render("{{ getip('zookeeper') }}", ctx(Map.of(), Addresses.NONE, new AddressBook(Map.of())), "t"));
        assertTrue(e.getMessage().contains("no ready instance"), e.getMessage());
    }

    @Test
    void hybridBrokerAdvertisesItsPublicAddressOnBothListeners() {
        String out = renderHybrid("kafka-azure", new Addresses("20.1.2.3", "10.1.0.4"));
        assertTrue(out.contains("advertised.listeners=PUBLIC://20.1.2.3:9092"), out);
        assertTrue(out.contains("listeners=PUBLIC://0.0.0.0:9092"), out);
        assertTrue(out.contains("inter.broker.listener.name=PUBLIC"), out);
        assertTrue(out.contains("zookeeper.connect=10.0.0.5:2181/kafka"), out);

        String fallback = renderHybrid("kafka-azure", Addresses.NONE);
        assertTrue(fallback.contains("advertised.listeners=PUBLIC://__PUBLIC_ADDRESS__:9092"), fallback);
    }

    @Test
    void novaBrokerAdvertisesItsFloatingIp() {
        String out = renderHybrid("kafka-elkh", new Addresses("193.224.1.7", "192.168.0.12"));
        assertTrue(out.contains("advertised.listeners=PUBLIC://193.224.1.7:9092"), out);
        assertTrue(out.contains("inter.broker.listener.name=PUBLIC"), out);
        assertTrue(out.contains("broker.id=3"), out);
    }

    @Test
    void aciBrokerAdvertisesItsDnsNameOnBothListeners() {
        ParsedBlueprint b = Parsers.standard().parse(Blueprints.template("kafka-hybrid-aci")).blueprint().orElseThrow();
        Map<String, String> env = b.definitionOf("kafka-aci").contextualisation().env();
        Map<String, Object> vars = BlueprintParser.variablesOf(b.infra(), b.infra().node("kafka-aci").orElseThrow());
        String fqdn = "kafka-hybrid-aci-1a2b3c-kafka-aci-4.westeurope.azurecontainer.io";
        Map<String, String> out = renderer.renderValues(env, ctx(vars, new Addresses(fqdn, null), zk), "env");
        assertEquals("PUBLIC://" + fqdn + ":9092", out.get("KAFKA_ADVERTISED_LISTENERS"));
        assertEquals("PUBLIC://0.0.0.0:9092", out.get("KAFKA_LISTENERS"));
        assertEquals("PUBLIC", out.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
        assertEquals("10.0.0.5:2181/kafka", out.get("KAFKA_ZOOKEEPER_CONNECT"));
        assertEquals("3", out.get("KAFKA_BROKER_ID"));
    }

    @Test
    void hybridKraftControllerAdvertisesItsPublicAddressAndFormatsWithTheClusterId() {
        KafkaValues first = new KafkaValues("q1Sh-9_ISia_zwGINzRvyQ", "193.224.1.7:9093", KafkaValues.STANDALONE, "kraft");
        String out = renderHybrid("kafka-hybrid-kraft", "controller", new Addresses("193.224.1.7", "192.168.0.12"), first);
        assertTrue(out.contains("process.roles=controller\n"), out);
        assertTrue(out.contains("node.id=3\n"), out);
        assertTrue(out.contains("listeners=CONTROLLER://0.0.0.0:9093\n"), out);
        assertTrue(out.contains("advertised.listeners=CONTROLLER://193.224.1.7:9093\n"), out);
        assertTrue(out.contains("controller.quorum.bootstrap.servers=193.224.1.7:9093\n"), out);
        assertTrue(out.contains("kafka-storage.sh format --ignore-formatted -t q1Sh-9_ISia_zwGINzRvyQ"
                + " -c /opt/kafka-server.properties --standalone\n"), out);
        assertTrue(out.indexOf("/opt/public-address.sh\n") < out.indexOf("kafka-storage.sh format"),
                "the public address is known before the first voter's endpoint is written: " + out);

        String fallback = renderHybrid("kafka-hybrid-kraft", "controller", Addresses.NONE, first);
        assertTrue(fallback.contains("advertised.listeners=CONTROLLER://__PUBLIC_ADDRESS__:9093\n"), fallback);
    }

    @Test
    void hybridKraftBrokerAdvertisesItsPublicAddressAndReachesEveryController() {
        KafkaValues joined = new KafkaValues("q1Sh-9_ISia_zwGINzRvyQ", "193.224.1.7:9093,193.224.1.8:9093,193.224.1.9:9093",
                KafkaValues.JOINING, "kraft");
        String out = renderHybrid("kafka-hybrid-kraft", "kafka-azure", new Addresses("20.1.2.3", "10.1.0.4"), joined);
        assertTrue(out.contains("process.roles=broker\n"), out);
        assertTrue(out.contains("listeners=PUBLIC://0.0.0.0:9092\n"), out);
        assertTrue(out.contains("advertised.listeners=PUBLIC://20.1.2.3:9092\n"), out);
        assertTrue(out.contains("inter.broker.listener.name=PUBLIC\n"), out);
        assertTrue(out.contains("controller.quorum.bootstrap.servers=193.224.1.7:9093,193.224.1.8:9093,193.224.1.9:9093\n"), out);
        assertTrue(out.contains("kafka-storage.sh format --ignore-formatted -t q1Sh-9_ISia_zwGINzRvyQ -c /opt/kafka-server.properties\n"),
                out);
        assertFalse(out.contains("zookeeper"), out);
    }

    /** The context template of a node of the kafka-hybrid template, rendered as instance 3 with these addresses. */
    private String renderHybrid(String node, Addresses self) {
        return renderHybrid("kafka-hybrid", node, self, KafkaValues.NONE);
    }

    private String renderHybrid(String template, String node, Addresses self, KafkaValues kafka) {
        ParsedBlueprint b = Parsers.standard().parse(Blueprints.template(template)).blueprint().orElseThrow();
        Map<String, Object> vars = BlueprintParser.variablesOf(b.infra(), b.infra().node(node).orElseThrow());
        return renderer.render(b.definitionOf(node).contextualisation().contextTemplate(),
                new RenderContext("infra-1", node, node + "-3", 3, vars, self, zk, kafka), "t");
    }

    private static RenderContext ctx(Map<String, Object> vars, Addresses self, AddressBook book) {
        return new RenderContext("infra-1", "kafka", "kafka-3", 3, vars, self, book, KafkaValues.NONE);
    }

    @Test
    void aHugeRangeIsCappedAtTenThousandItems() {
        long start = System.nanoTime();
        String out = renderer.render("{% for i in range(10**9) %}x{% endfor %}", ctx(Map.of(), Addresses.NONE, zk), "t");
        assertEquals(RenderLimits.DEFAULT.maxRangeItems(), out.length());
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}{% endfor %}{% endfor %}{% endfor %}",
            "{% for i in range(10000) %}{% for j in range(10000) %}{{ i }}{% endfor %}{% endfor %}",
            "{{ 'x' * 10**9 }}",
            "{% set s = 'xxxxxxxxxxxxxxxx' %}{% for i in range(30) %}{% set s = s ~ s %}{% endfor %}{{ s }}",
            "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}",
            "{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}"
    })
    void templateBombsAreRefusedWithinASecondOfCpu(String bomb) {
        // The render limit counts the rendering thread's CPU time, so that is what is measured: wall
        // time on a shared machine also counts the other processes' turns.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] cpuNanos = new long[1];
        TemplateException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            long start = threads.getCurrentThreadCpuTime();
            try {
                return assertThrows(TemplateException.class,
                        () -> renderer.render(bomb, ctx(Map.of(), Addresses.NONE, zk), "context_template"));
            } finally {
                cpuNanos[0] = threads.getCurrentThreadCpuTime() - start;
            }
        });
        long millis = cpuNanos[0] / 1_000_000;
        System.out.printf("[measure] template bomb refused after %d ms of CPU: %s%n", millis, e.getMessage());
        assertTrue(millis < 1000, "refused after " + millis + " ms of CPU");
        assertTrue(e.getMessage().startsWith("context_template of node kafka-3: "), e.getMessage());
    }

    /**
     * The first renderings in a process, four at once as a deploy's creations run, under a 50 ms
     * limit: Jinjava's start-up (about 100 ms, several hundred on a busy machine) must not count
     * against a node's rendering, or its creation fails for good. A fresh JVM, so nothing is warm.
     */
    @Test
    void theFirstRenderingsInAProcessAreNotChargedWithTheTemplateEnginesStartUp() throws Exception {
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FirstRenderings.class.getName())
                .redirectErrorStream(true).start();
        String out;
        try {
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the JVM did not finish in 60 s");
            out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
        assertTrue(out.contains("rendered 4 of 4"), out);
    }

    /** Run in a fresh JVM by the test above. */
    static final class FirstRenderings {
        public static void main(String[] args) throws Exception {
            TemplateRenderer renderer = new TemplateRenderer(new RenderLimits(1 << 20, 10, 10_000, java.time.Duration.ofMillis(50)));
            RenderContext ctx = new RenderContext("i-1", "kafka", "kafka-3", 3, Map.of("base", 9090),
                    new Addresses("203.0.0.3", null), new AddressBook(Map.of("zookeeper", List.of(new Addresses("203.0.0.1", null)))), KafkaValues.NONE);
            java.util.concurrent.atomic.AtomicInteger rendered = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    try {
                        renderer.render("broker.id={{ node_index }} listeners=PLAINTEXT://{{ ip }}:{{ variables.base + node_index }}"
                                + " zk={{ getip('zookeeper') if node_name != 'zookeeper' else '' }}", ctx, "context_template");
                        rendered.incrementAndGet();
                    } catch (TemplateException e) {
                        System.out.println(e.getMessage());
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(30_000);
            }
            System.out.println("rendered " + rendered.get() + " of 4");
            System.exit(0);
        }
    }
}
