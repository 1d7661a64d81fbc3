package io.continuum.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * HTTP plumbing around the Funqy functions: Azure Functions forwards HTTP triggers as
 * /api/&lt;name&gt; (its default route prefix), so /api/* is routed to the function of that name;
 * and every failure goes through {@link ErrorMapper}.
 */
@ApplicationScoped
public class ApiRoutes {

    static final String API_PREFIX = "/api/";
    /** The web console's function: Azure Functions forwards /api/console/&lt;file&gt;; the app serves the files at /. */
    static final String CONSOLE = "console";
    /** The console's static files (META-INF/resources): no secret in them, so they load before the key is asked. */
    private static final Set<String> CONSOLE_FILES = Set.of("/", "/index.html", "/console.js", "/console.css");

    /** Whether a path names one of the console's static files, at / or, as Azure forwards them, at /api/console/. */
    static boolean consoleFile(String path) {
        String azure = API_PREFIX + CONSOLE;
        return CONSOLE_FILES.contains(path) || path.equals(azure)
                || path.startsWith(azure + "/") && CONSOLE_FILES.contains(path.substring(azure.length()));
    }

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        ErrorMapper errors = new ErrorMapper(json);
        router.route().order(-100).failureHandler(errors::handle);
        router.routeWithRegex(API_PREFIX + CONSOLE + "(/.*)?").order(-95).handler(ctx -> {
            String file = ctx.request().path().substring((API_PREFIX + CONSOLE).length());
            if (file.isEmpty()) { // the page's relative links need the trailing slash
                ctx.redirect(API_PREFIX + CONSOLE + "/");
            } else {
                ctx.reroute(file);
            }
        });
        router.routeWithRegex("/api/[A-Za-z]+").order(-90).handler(ctx ->
                ctx.reroute(ctx.request().method(), ctx.request().path().substring(API_PREFIX.length() - 1)));
    }
}
