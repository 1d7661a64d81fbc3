package io.continuum.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * HTTP plumbing around the Funqy functions: Azure Functions forwards HTTP triggers as
 * /api/&lt;name&gt; (its default route prefix), so /api/* is routed to the function of that name;
 * and every failure goes through {@link ErrorMapper}.
 */
@ApplicationScoped
public class ApiRoutes {

    static final String API_PREFIX = "/api/";

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        ErrorMapper errors = new ErrorMapper(json);
        router.route().order(-100).failureHandler(errors::handle);
        router.routeWithRegex("/api/[A-Za-z]+").order(-90).handler(ctx ->
                ctx.reroute(ctx.request().method(), ctx.request().path().substring(API_PREFIX.length() - 1)));
    }
}
