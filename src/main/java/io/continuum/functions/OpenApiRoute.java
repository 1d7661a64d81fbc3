package io.continuum.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The API's description, written by hand in META-INF/openapi.yaml (Funqy functions carry no
 * annotations to scan), served at /q/openapi as YAML, or as JSON for {@code ?format=json} or
 * {@code Accept: application/json}. Served as it is, rather than by the SmallRye OpenAPI extension,
 * which built a model of it at every start: a quarter of a second of each cold start.
 */
@ApplicationScoped
public class OpenApiRoute {

    static final String PATH = "/q/openapi";
    private static final String DOCUMENT = "META-INF/openapi.yaml";

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.get(PATH).handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String yaml = document();
        String accept = ctx.request().getHeader("Accept");
        if ("json".equalsIgnoreCase(ctx.request().getParam("format"))
                || accept != null && accept.contains("application/json")) {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            try {
                ctx.response().putHeader("Content-Type", "application/json").end(json.writeValueAsString(tree));
            } catch (IOException e) {
                ctx.fail(e);
            }
            return;
        }
        ctx.response().putHeader("Content-Type", "application/yaml;charset=UTF-8").end(yaml);
    }

    private static String document() {
        try (InputStream in = OpenApiRoute.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
