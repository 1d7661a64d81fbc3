package io.continuum.cloud.openstack;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import io.continuum.cloud.Retry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * OpenStack servers ({@code resource.type: nova}) through openstack4j: Keystone v3, Nova and Neutron.
 * A node's server carries its Continuum tags as metadata and is found by them before anything is
 * created; its floating IP is reserved before it boots and found by its description. The refs it
 * returns carry the server's location ({@link NovaLocation}) and floating IP id in their tags.
 * Credentials come from the environment when a call needs them, so the application starts without.
 */
@ApplicationScoped
public class NovaHandler implements ResourceHandler {

    public static final String TYPE = "nova";
    static final String TAG_FLOATING_IP = "openstack-floating-ip";

    private static final Logger LOG = Logger.getLogger(NovaHandler.class);

    private final Function<String, String> env;
    private final KeystoneSessions sessions;
    private final Retry retry;

    @Inject
    public NovaHandler(OpenStackConfig config) {
        this(config, System::getenv);
    }

    /** @param env the environment to read credentials and openrc variables from */
    public NovaHandler(OpenStackConfig config, Function<String, String> env) {
        this.env = env;
        Config http = Config.newConfig()
                .withConnectionTimeout(Math.toIntExact(config.connectTimeout().toMillis()))
                .withReadTimeout(Math.toIntExact(config.readTimeout().toMillis()));
        this.sessions = new KeystoneSessions(env, http, config.tokenRenewal());
        OpenStackConfig.RetryConfig r = config.retry();
        this.retry = new Retry(r.attempts(), r.initialBackoff(), r.maxBackoff(), r.maxTotal(),
                OpenStackErrors::isTransient);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Addresses prepare(ResourceRequest request) {
        NovaSpec spec = NovaSpec.of(request.resource());
        if (!spec.floatingIp()) {
            return Addresses.NONE;
        }
        NovaLocation location = NovaLocation.of(request.resource());
        String address = call("reserve a floating IP for " + request.name(), () -> FloatingIps.reserve(
                sessions.client(location), request.tags(), spec.floatingIpPool()).getFloatingIpAddress());
        return new Addresses(address, null);
    }

    @Override
    public ResourceRef create(ResourceRequest request, BootConfig boot) {
        NovaSpec spec = NovaSpec.of(request.resource());
        NovaLocation location = NovaLocation.of(request.resource());
        String name = spec.serverName(request.name(), request.nodeId());
        return call("create server " + name, () -> {
            OSClientV3 os = sessions.client(location);
            String floatingIp = spec.floatingIp()
                    ? FloatingIps.reserve(os, request.tags(), spec.floatingIpPool()).getId() : null;
            Optional<Server> existing = NovaServers.find(os, request.tags());
            String serverId = existing.map(Server::getId).orElseGet(() -> boot(os, name, spec, request, boot));
            return ref(existing.map(Server::getName).orElse(name), serverId, request.tags(), location, floatingIp);
        });
    }

    @Override
    public ResourceStatus status(ResourceRef ref) {
        NovaLocation location = NovaLocation.of(ref, env);
        return call("look at server " + ref.name(), () -> {
            OSClientV3 os = sessions.client(location);
            Optional<Server> server = server(os, ref);
            if (server.isEmpty()) {
                return ResourceStatus.gone("server " + ref.name() + " no longer exists");
            }
            ResourceStatus seen = NovaStates.status(server.get(), null);
            String floatingIp = ref.tags().get(TAG_FLOATING_IP);
            if (floatingIp == null || seen.state() != ResourceState.RUNNING || seen.addresses().publicAddress() != null) {
                return seen;
            }
            // running, and Nova lists no floating address yet: associate the prepared one
            return NovaStates.status(server.get(), FloatingIps.attach(os, floatingIp, server.get()).orElse(null));
        });
    }

    /**
     * While the server exists: asks Nova to delete it (unless its task state shows Nova already is)
     * and answers false. Once it is gone: releases its floating IP and answers true.
     */
    @Override
    public boolean delete(ResourceRef ref) {
        NovaLocation location = NovaLocation.of(ref, env);
        Optional<Server> server = call("find server " + ref.name(), () -> server(sessions.client(location), ref)
                .filter(s -> NovaStates.state(s.getStatus()) != ResourceState.GONE));
        if (server.isPresent()) {
            if (!NovaStates.beingDeleted(server.get())) {
                String serverId = server.get().getId();
                call("delete server " + ref.name(), () -> {
                    sessions.client(location); // binds this thread's openstack4j session, which the delete uses
                    NovaServers.delete(serverId);
                    return null;
                });
                LOG.infof("deleting server %s (%s)", ref.name(), serverId);
            }
            return false;
        }
        call("release the floating IP of " + ref.name(), () -> {
            FloatingIps.release(sessions.client(location), ref.tags(), ref.tags().get(TAG_FLOATING_IP));
            return null;
        });
        return true;
    }

    @Override
    public List<ResourceRef> list(String infraId) {
        NovaLocation location = NovaLocation.fromEnvironment(env).orElseThrow(() -> new CloudException(
                "to list OpenStack servers Continuum needs the cloud: set " + NovaLocation.AUTH_URL + " (and "
                        + NovaLocation.PROJECT_ID + ", " + NovaLocation.REGION_NAME + " as in your openrc file)",
                true));
        return call("list the servers of " + infraId, () -> NovaServers.ofInfra(sessions.client(location), infraId)
                .stream()
                .map(s -> ref(s.getName(), s.getId(), NovaServers.tags(s), location, null))
                .toList());
    }

    private String boot(OSClientV3 os, String name, NovaSpec spec, ResourceRequest request, BootConfig boot) {
        ServerCreateBuilder server = Builders.server()
                .name(name)
                .image(spec.imageId())
                .flavor(NovaServers.flavorId(os, spec.flavorName()))
                .addMetadata(request.tags());
        if (spec.networkId() != null) {
            server.networks(List.of(spec.networkId()));
        }
        if (spec.keyName() != null) {
            server.keypairName(spec.keyName());
        }
        spec.securityGroups().forEach(server::addSecurityGroup);
        if (boot.userData() != null) {
            // Nova takes user data base64-encoded; openstack4j sends the string as given.
            server.userData(Base64.getEncoder().encodeToString(boot.userData().getBytes(StandardCharsets.UTF_8)));
        }
        String id = os.compute().servers().boot(server.build()).getId();
        LOG.infof("created server %s (%s)", name, id);
        return id;
    }

    /** The ref's server: by its id, or by its tags when the id was never recorded. */
    private static Optional<Server> server(OSClientV3 os, ResourceRef ref) {
        return ref.cloudId() != null
                ? Optional.ofNullable(os.compute().servers().get(ref.cloudId()))
                : NovaServers.find(os, ref.tags());
    }

    private static ResourceRef ref(String name, String serverId, Map<String, String> tags, NovaLocation location,
                                   String floatingIp) {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.putAll(location.tags());
        if (floatingIp != null) {
            all.put(TAG_FLOATING_IP, floatingIp);
        }
        return new ResourceRef(TYPE, name, serverId, Map.copyOf(all));
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return retry.call(what, () -> {
                try {
                    return action.get();
                } catch (RuntimeException e) {
                    if (OpenStackErrors.mayBeStaleToken(e)) {
                        sessions.forgetTokens();
                    }
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            throw OpenStackErrors.translate(what, e);
        }
    }
}
