package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneAuth;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keystone tokens, one per credentials and location, shared by all threads and renewed before they
 * expire; and, per call, an openstack4j client bound to the calling thread (openstack4j keeps its
 * session in a thread-local, and the engine calls handlers from several threads).
 */
final class KeystoneSessions {

    private static final String[] SERVICES = {"compute", "network"};

    private final Function<String, String> env;
    private final Config config;
    private final Duration renewal;
    private final ApplicationCredentialLogin applicationCredentials = new ApplicationCredentialLogin();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    KeystoneSessions(Function<String, String> env, Config config, Duration renewal) {
        this.env = env;
        this.config = config;
        this.renewal = renewal;
    }

    /** A client for this location, usable on the calling thread only. */
    OSClientV3 client(NovaLocation location) {
        Credentials credentials = Credentials.from(env);
        String key = credentials.identity() + "@" + location.endpoint() + "/" + location.projectId() + "/"
                + location.userDomain();
        Token token = tokens.get(key);
        if (token == null || expiresSoon(token)) {
            // Two threads may both log in here; the later token wins, both are valid.
            token = login(credentials, location);
            tokens.put(key, token);
        }
        OSClientV3 os = OSFactory.clientFromToken(token, config);
        return location.region() == null ? os : os.useRegion(location.region());
    }

    /**
     * Drops every cached token, so the next call logs in again. For a revoked token: openstack4j's
     * own re-login on a 401 fails on tokens without credentials and surfaces as a connection error.
     */
    void forgetTokens() {
        tokens.clear();
    }

    private boolean expiresSoon(Token token) {
        return token.getExpires() == null
                || token.getExpires().toInstant().isBefore(Instant.now().plus(renewal));
    }

    private Token login(Credentials credentials, NovaLocation location) {
        Token token;
        try {
            token = credentials instanceof Credentials.ApplicationCredential app
                    ? applicationCredentials.login(location.endpoint(), app, config)
                    : passwordLogin((Credentials.Password) credentials, location);
        } catch (AuthenticationException e) {
            throw new CloudException("Keystone at " + location.endpoint() + " refused the credentials in "
                    + credentials.source() + ": " + e.getMessage(), true);
        }
        checkProject(token, location, credentials);
        for (String service : SERVICES) {
            checkCatalog(token, service, location);
        }
        return token;
    }

    /**
     * The token openstack4j returns keeps the password, to log in again by itself on a 401. The
     * cached token drops it: the password stays in the environment only, and a revoked token is
     * replaced here for both kinds of credentials (see {@link #forgetTokens}).
     */
    private Token passwordLogin(Credentials.Password password, NovaLocation location) {
        KeystoneToken token = (KeystoneToken) OSFactory.builderV3()
                .endpoint(location.endpoint())
                .credentials(password.username(), password.password(), Identifier.byName(location.userDomain()))
                .scopeToProject(Identifier.byId(projectOf(location)))
                .withConfig(config)
                .authenticate()
                .getToken();
        return token.applyContext(location.endpoint(), (KeystoneAuth) null);
    }

    private static String projectOf(NovaLocation location) {
        if (location.projectId() == null) {
            throw new CloudException("password login needs a project: set " + NovaLocation.PROJECT_ID, true);
        }
        return location.projectId();
    }

    /** An application credential names its own project; it must be the one the node definition says. */
    private static void checkProject(Token token, NovaLocation location, Credentials credentials) {
        String project = token.getProject() == null ? null : token.getProject().getId();
        if (location.projectId() != null && !location.projectId().equals(project)) {
            throw new CloudException("the credentials in " + credentials.source() + " are for project " + project
                    + ", but the node definition names project " + location.projectId(), true);
        }
    }

    /** openstack4j does not fail on a missing service: it would send the calls to Keystone and read 404s. */
    private static void checkCatalog(Token token, String type, NovaLocation location) {
        boolean found = token.getCatalog() != null && token.getCatalog().stream()
                .filter(s -> type.equals(s.getType()))
                .map(Service::getEndpoints)
                .flatMap(List::stream)
                .map(Endpoint::getRegion)
                .anyMatch(region -> location.region() == null || location.region().equals(region));
        if (!found) {
            throw new CloudException("the service catalog of " + location.endpoint() + " has no " + type
                    + " endpoint" + (location.region() == null ? "" : " in region " + location.region()), true);
        }
    }
}
