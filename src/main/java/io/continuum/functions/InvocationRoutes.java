package io.continuum.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.engine.Autoscaler;
import io.continuum.engine.OperationAdvancer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Azure Functions custom-handler contract for non-HTTP triggers: the host POSTs
 * {@code /<functionName>} with {@code {"Data": {...}, "Metadata": {...}}} (a timer tick, or a
 * Portal Test/Run of the function) and expects {@code {"Outputs": {}, "Logs": [...], "ReturnValue": ...}}.
 * The timer functions are thin: each calls one engine service.
 */
@ApplicationScoped
public class InvocationRoutes {

    private static final Logger LOG = Logger.getLogger(InvocationRoutes.class);
    /** Function names as in functions/&lt;name&gt;/function.json. */
    public static final List<String> TIMERS = List.of("maintainTimer", "autoscaleTimer", "advanceTimer");

    @Inject
    ObjectMapper json;
    // Looked up at the first tick: the routes are installed at boot, and the engine behind them is
    // built only when a function needs it (a cold start answers its first call sooner).
    @Inject
    Instance<MaintainFanOut> maintenance;
    @Inject
    Instance<OperationAdvancer> advancer;
    @Inject
    Instance<Autoscaler> autoscaler;

    void install(@Observes Router router) {
        route(router, "maintainTimer", () -> maintenance.get().tick());
        route(router, "autoscaleTimer", () -> autoscaler.get().run());
        route(router, "advanceTimer", () -> advancer.get().advanceAll());
    }

    private void route(Router router, String name, Supplier<Object> work) {
        router.route(HttpMethod.POST, "/" + name).handler(BodyHandler.create().setBodyLimit(64 * 1024))
                .blockingHandler(ctx -> invoke(ctx, name, work), false);
    }

    private void invoke(RoutingContext ctx, String name, Supplier<Object> work) {
        List<String> logs = new ArrayList<>();
        JsonNode invocation = readInvocation(ctx, logs);
        if (invocation == null) {
            return;
        }
        var trigger = invocation.path("Data").fieldNames(); // a binding name, e.g. "timer"; a list has none
        logs.add(name + " started" + (trigger.hasNext() ? " by " + trigger.next() : ""));
        Object result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed", name);
            logs.add(name + " failed: " + e.getMessage());
            reply(ctx, 500, logs, null);
            return;
        }
        logs.add(name + " done");
        reply(ctx, 200, logs, result);
    }

    private JsonNode readInvocation(RoutingContext ctx, List<String> logs) {
        String body = ctx.body().asString();
        try {
            JsonNode node = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
            if (!node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (Exception e) {
            logs.add("invocation payload is not a JSON object {\"Data\":{...},\"Metadata\":{...}}: " + e.getMessage());
            reply(ctx, 400, logs, null);
            return null;
        }
    }

    private void reply(RoutingContext ctx, int status, List<String> logs, Object returnValue) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Outputs", Map.of());
        out.put("Logs", logs);
        out.put("ReturnValue", returnValue);
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(out));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }
}
