package io.continuum.functions;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Asks every request but health checks and the console's static files for the API key, when {@link ApiKeyRule} requires one: in
 * {@code X-Continuum-Key} or {@code Authorization: Bearer}, compared in constant time. A request
 * without the right key fails with {@link UnauthorizedException}, which {@link ErrorMapper} answers 401.
 */
@ApplicationScoped
public class ApiKeyFilter {

    static final String HEADER = "X-Continuum-Key";
    private static final String BEARER = "bearer ";
    private static final String HEALTH = "/q/health";

    @Inject
    ApiKeyConfig config;
    @ConfigProperty(name = "quarkus.http.host")
    String host;
    @ConfigProperty(name = "FUNCTIONS_CUSTOMHANDLER_PORT")
    Optional<String> customHandlerPort;

    void install(@Observes Router router) {
        ApiKeyRule.requiredKey(host, customHandlerPort, config.key())
                .ifPresent(key -> router.route().order(-200).handler(ctx -> check(ctx, key)));
    }

    private static void check(RoutingContext ctx, byte[] key) {
        String path = ctx.normalizedPath();
        if (path.equals(HEALTH) || path.startsWith(HEALTH + "/") || ApiRoutes.consoleFile(path)) {
            ctx.next();
            return;
        }
        Optional<byte[]> given = presented(ctx);
        if (given.isPresent() && MessageDigest.isEqual(key, given.get())) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ctx.fail(401, new UnauthorizedException(given.isEmpty()
                ? "this API needs its key: send it in the " + HEADER + " header (or Authorization: Bearer <key>)"
                : "the API key sent is not this service's key"));
    }

    private static Optional<byte[]> presented(RoutingContext ctx) {
        String header = ctx.request().getHeader(HEADER);
        if (header == null) {
            String auth = ctx.request().getHeader("Authorization");
            if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                header = auth.substring(BEARER.length()).strip();
            }
        }
        return Optional.ofNullable(header).map(h -> h.getBytes(StandardCharsets.UTF_8));
    }
}
