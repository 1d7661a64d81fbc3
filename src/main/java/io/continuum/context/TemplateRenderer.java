package io.continuum.context;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.errorcategory.BasicTemplateErrorCategory;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.continuum.cloud.Addresses;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders Occopus Jinja2 context templates with Jinjava, so existing Occopus node definitions render
 * unchanged: {@code variables}, {@code node_id}, {@code infra_id}, {@code getip()},
 * {@code getprivip()}, {@code getipall()}; plus Continuum's {@code node_name}, {@code node_index},
 * {@code public_address}, {@code private_address} and {@code ip} (the node's reachable address), and for KRaft
 * {@code kafka_cluster_id}, {@code kafka_controllers}, {@code kafka_format_flag} and {@code kafka_mode} (see
 * {@link KafkaValues}).
 * An unknown name is an error, not an empty string.
 */
@ApplicationScoped
public class TemplateRenderer {

    private final RenderLimits limits;
    /** Made at the first rendering: a process that only answers status or health never loads Jinjava. */
    private volatile Jinjava jinjava;

    public TemplateRenderer() {
        this(RenderLimits.DEFAULT);
    }

    public TemplateRenderer(RenderLimits limits) {
        this.limits = limits;
    }

    private Jinjava jinjava() {
        Jinjava j = jinjava;
        if (j == null) {
            synchronized (this) {
                if (jinjava == null) {
                    jinjava = warmedUp(create(limits));
                }
                j = jinjava;
            }
        }
        return j;
    }

    private static Jinjava create(RenderLimits limits) {
        Jinjava j = new Jinjava(JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withMaxOutputSize(limits.maxOutputChars())
                .withMaxStringLength(limits.maxOutputChars())
                .withMaxListSize(limits.maxRangeItems())
                .withMaxMapSize(limits.maxRangeItems())
                .withRangeLimit(limits.maxRangeItems())
                .withMaxRenderDepth(limits.maxDepth())
                .withMaxMacroRecursionDepth(limits.maxDepth())
                .withNodePreProcessor(new RenderDeadline())
                .build());
        for (String fn : List.of("getip", "getprivip", "getipall")) {
            j.getGlobalContext().registerFunction(
                    new ELFunctionDefinition("", fn, OccopusFunctions.class, fn, String.class));
        }
        return j;
    }

    /**
     * Jinjava loads and initialises much on its first rendering in a process (tens of ms, hundreds on
     * a busy machine or with several threads at once): done before the first rendering's time limit
     * starts, so a node's first template is not refused as too slow, and its creation failed for good, for it.
     */
    private Jinjava warmedUp(Jinjava j) {
        Addresses a = new Addresses("127.0.0.1", null);
        Map<String, Object> b = bindings(new RenderContext("warm-up", "n", "n-0", 0, Map.of("port", 1), a,
                new AddressBook(Map.of("n", List.of(a))), KafkaValues.NONE));
        b.remove(RenderDeadline.KEY);
        j.renderForResult("{% set p = variables.port + node_index %}{% for i in range(2) %}"
                + "{{ (p ~ i) | trim | upper }}{% endfor %}{{ getip('n') if node_name != 'x' else '' }}"
                + " {{ getipall('n') | join(',') }} {{ getprivip('n') }} {{ ip }}:{{ 9090 + node_index }}\n", b);
        return j;
    }

    public String render(String template, RenderContext ctx, String what) {
        Jinjava j = jinjava(); // before the bindings, which start the rendering's time limit
        RenderResult result;
        try {
            result = j.renderForResult(template, bindings(ctx));
        } catch (RuntimeException e) {
            throw new TemplateException(what + " of node " + ctx.nodeId() + ": " + messageOf(e));
        }
        List<TemplateError> errors = result.getErrors().stream().filter(TemplateRenderer::refuses).toList();
        if (!errors.isEmpty()) {
            throw new TemplateException(what + " of node " + ctx.nodeId() + ": " + errors.stream()
                    .map(e -> (e.getLineno() > 0 ? "line " + e.getLineno() + ": " : "") + messageOf(e))
                    .collect(Collectors.joining("; ")));
        }
        return result.getOutput();
    }

    /** Fatal errors, and a macro that recursed past the depth limit (Jinjava renders it empty, with a warning). */
    private static boolean refuses(TemplateError e) {
        return e.getSeverity() == TemplateError.ErrorType.FATAL
                || e.getCategory() == BasicTemplateErrorCategory.CYCLE_DETECTED;
    }

    /** Renders every value of a map (docker env), keeping the keys. */
    public Map<String, String> renderValues(Map<String, String> values, RenderContext ctx, String what) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, render(v, ctx, what + " " + k)));
        return out;
    }

    /** Jinjava wraps a function's exception in a generic message; the cause says what is wrong. */
    private static String messageOf(TemplateError e) {
        return e.getException() == null ? e.getMessage() : messageOf(e.getException());
    }

    private static String messageOf(Throwable e) {
        Throwable t = e;
        while (t != null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : e.toString();
    }

    private Map<String, Object> bindings(RenderContext ctx) {
        Map<String, Object> b = new HashMap<>();
        b.put("infra_id", ctx.infraId());
        b.put("node_id", ctx.nodeId());
        b.put("node_name", ctx.nodeName());
        b.put("node_index", ctx.nodeIndex());
        b.put("variables", ctx.variables());
        Addresses self = ctx.self();
        b.put("public_address", self.publicAddress() == null ? "" : self.publicAddress());
        b.put("private_address", self.privateAddress() == null ? "" : self.privateAddress());
        b.put("ip", self.reachable() == null ? "" : self.reachable()); // Occopus health-check URLs use {{ip}}
        b.put("kafka_cluster_id", ctx.kafka().clusterId());
        b.put("kafka_controllers", ctx.kafka().controllers());
        b.put("kafka_format_flag", ctx.kafka().formatFlag());
        b.put("kafka_mode", ctx.kafka().mode());
        b.put(OccopusFunctions.ADDRESS_BOOK, ctx.addresses());
        b.put(RenderDeadline.KEY, RenderDeadline.Deadline.after(limits.timeLimit()));
        return b;
    }
}
