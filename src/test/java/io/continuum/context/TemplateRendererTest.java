package io.continuum.context;

import io.continuum.cloud.Addresses;
import io.continuum.model.BlueprintParser;
import io.continuum.model.Blueprints;
import io.continuum.model.ParsedBlueprint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        ParsedBlueprint b = new BlueprintParser().parse(Blueprints.template("kafka-hybrid")).blueprint().orElseThrow();
        String tpl = b.definitionOf("kafka-azure").contextualisation().contextTemplate();
        Map<String, Object> vars = BlueprintParser.variablesOf(b.infra(), b.infra().node("kafka-azure").orElseThrow());
        String out = renderer.render(tpl, ctx(vars, new Addresses("20.1.2.3", "10.1.0.4"), zk), "t");
        assertTrue(out.contains("advertised.listeners=PUBLIC://20.1.2.3:9092"), out);
        assertTrue(out.contains("listeners=PUBLIC://0.0.0.0:9092"), out);
        assertTrue(out.contains("inter.broker.listener.name=PUBLIC"), out);
        assertTrue(out.contains("zookeeper.connect=10.0.0.5:2181/kafka"), out);

        String fallback = renderer.render(tpl, ctx(vars, Addresses.NONE, zk), "t");
        assertTrue(fallback.contains("advertised.listeners=PUBLIC://__PUBLIC_ADDRESS__:9092"), fallback);
    }

    private static RenderContext ctx(Map<String, Object> vars, Addresses self, AddressBook book) {
        return new RenderContext("infra-1", "kafka", "kafka-3", 3, vars, self, book);
    }
}
