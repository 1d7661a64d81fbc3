package io.continuum.cloud.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Keystone v3, Nova v2.1 and Neutron v2.0 as they answer a project member, on 127.0.0.1 (WireMock
 * on a random port). Stateful: servers go BUILD → ACTIVE after a few looks, get a port and a fixed
 * address, and a deleted server lingers with task_state "deleting" for {@link #deletingLooks} looks
 * before it reads 404. Answers
 * are the published API samples (src/test/resources/openstack) with ids, names, states and
 * addresses filled in. Every call but the login needs a token Keystone issued. Tests add WireMock
 * stubs of higher priority to inject failures; every request stays in WireMock's journal.
 */
public final class FakeOpenStack implements AutoCloseable {

    public static final String PROJECT = "a6944d763bf64ee6a275f1263fae0352";
    static final String USER = "continuum";
    static final String PASSWORD = "fake-password-5ecret-Pw";
    public static final String APP_CREDENTIAL_ID = "0c2b8a5e4bd84f3e9d9c1f2a3b4c5d6e";
    public static final String APP_CREDENTIAL_SECRET = "fake-app-credential-5ecret-Ac";
    static final String REGION = "RegionOne";
    static final String EXTERNAL_NETWORK = "ext-net";
    static final String EXTERNAL_NETWORK_ID = "376da547-b977-4cfe-9cba-275c80debf57";
    public static final String PRIVATE_NETWORK_ID = "a87cc70a-3e15-4acf-8205-9b711a3531b7";
    static final Map<String, String> FLAVORS = Map.of("1", "m1.tiny", "2", "m1.small", "3", "m1.medium");

    private static final ObjectMapper JSON = new ObjectMapper();

    final WireMockServer wiremock;
    /** How many GETs of a new server answer BUILD before it turns ACTIVE. */
    volatile int buildLooks = 1;
    /** How many looks (GET or listing) still show a deleted server, with task_state "deleting", before it is gone (at least 1). */
    volatile int deletingLooks = 1;
    volatile String tokenExpiry = "2099-12-31T23:59:59.000000Z";

    private final Map<String, ObjectNode> servers = new LinkedHashMap<>();
    private final Map<String, ObjectNode> ports = new LinkedHashMap<>();
    private final Map<String, ObjectNode> floatingIps = new LinkedHashMap<>();
    private final Map<String, Integer> looksLeft = new HashMap<>();
    /** Servers being deleted: id → GETs that still answer them. */
    private final Map<String, Integer> deleting = new HashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger addresses = new AtomicInteger();

    public FakeOpenStack() {
        this(0);
    }

    /** @param port where it listens; 0 for any free port */
    public FakeOpenStack(int port) {
        wiremock = new WireMockServer(options().bindAddress("127.0.0.1").port(port).extensions(new Api()));
        wiremock.start();
        wiremock.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(Api.NAME)));
    }

    String base() {
        return "http://127.0.0.1:" + wiremock.port();
    }

    public String keystone() {
        return base() + "/identity/v3";
    }

    /** The bodies of the requests made with this method to this path, as JSON. */
    public List<JsonNode> bodies(String method, String path) {
        return requests(method, path).stream().map(r -> read(r.getBodyAsString())).toList();
    }

    public List<LoggedRequest> requests(String method, String path) {
        return wiremock.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getMethod().getName().equals(method) && URI.create(r.getUrl()).getPath().equals(path))
                .toList();
    }

    /** New servers answer BUILD to this many GETs before they turn ACTIVE, as a slow hypervisor does. */
    public void buildLooks(int looks) {
        buildLooks = looks;
    }

    public synchronized List<ObjectNode> servers() {
        return List.copyOf(servers.values());
    }

    public synchronized List<ObjectNode> floatingIps() {
        return List.copyOf(floatingIps.values());
    }

    /** Someone deletes the server in Horizon: gone at once, its port too. */
    public synchronized void deleteOutside(String serverId) {
        removeServer(serverId);
    }

    /** Nova gives up on the server, as when no host is found. */
    synchronized void fail(String serverId, String message) {
        ObjectNode server = servers.get(serverId);
        server.put("status", "ERROR");
        server.putObject("fault").put("code", 500).put("message", message).put("created", "2018-04-10T13:49:40Z");
    }

    /** Keystone forgets every token it issued, as after a revocation or a restart with new keys. */
    void revokeTokens() {
        tokens.clear();
    }

    /** A server of someone else's tool in the same project. */
    synchronized String addForeignServer(String name) {
        ObjectNode server = newServer(name, Map.of("owner", "someone-else"));
        server.put("status", "ACTIVE");
        return server.get("id").asText();
    }

    @Override
    public void close() {
        wiremock.stop();
    }

    // the services

    private final class Api implements ResponseDefinitionTransformerV2 {

        static final String NAME = "openstack";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            URI uri = URI.create(request.getUrl());
            String path = uri.getPath();
            String method = request.getMethod().getName();
            Map<String, String> query = query(uri.getRawQuery());
            if (path.equals("/identity/v3/auth/tokens") && method.equals("POST")) {
                return login(read(request.getBodyAsString()));
            }
            if (!request.containsHeader("X-Auth-Token") || !tokens.contains(request.getHeader("X-Auth-Token"))) {
                return error(401, "error", "The request you have made requires authentication.");
            }
            synchronized (FakeOpenStack.this) {
                if (path.startsWith("/compute/v2.1/")) {
                    return nova(method, path.substring("/compute/v2.1".length()), query, request);
                }
                if (path.startsWith("/network/v2.0/")) {
                    return neutron(method, path.substring("/network/v2.0".length()), query, request);
                }
            }
            return error(404, "itemNotFound", "no such API in the fake: " + method + " " + path);
        }
    }

    private ResponseDefinition login(JsonNode body) {
        JsonNode identity = body.path("auth").path("identity");
        String methodName = identity.path("methods").path(0).asText();
        boolean valid = switch (methodName) {
            case "password" -> USER.equals(identity.path("password").path("user").path("name").asText())
                    && PASSWORD.equals(identity.path("password").path("user").path("password").asText())
                    && PROJECT.equals(body.path("auth").path("scope").path("project").path("id").asText());
            case "application_credential" ->
                    APP_CREDENTIAL_ID.equals(identity.path("application_credential").path("id").asText())
                            && APP_CREDENTIAL_SECRET.equals(identity.path("application_credential").path("secret").asText());
            default -> false;
        };
        if (!valid) {
            return error(401, "error", "The request you have made requires authentication.");
        }
        ObjectNode token = (ObjectNode) fixture("project-scoped-password.json");
        ObjectNode content = (ObjectNode) token.get("token");
        content.put("expires_at", tokenExpiry);
        content.putArray("methods").add(methodName);
        ((ObjectNode) content.get("project")).put("id", PROJECT);
        ArrayNode catalog = content.putArray("catalog");
        service(catalog, "identity", "keystone", base() + "/identity");
        service(catalog, "compute", "nova", base() + "/compute/v2.1");
        service(catalog, "network", "neutron", base() + "/network");
        String id = "gAAAAAB" + UUID.randomUUID().toString().replace("-", "");
        tokens.add(id);
        return json(201, token).withHeader("X-Subject-Token", id).build();
    }

    private static void service(ArrayNode catalog, String type, String name, String url) {
        ObjectNode service = catalog.addObject().put("type", type).put("name", name).put("id", UUID.randomUUID().toString());
        service.putArray("endpoints").addObject().put("id", UUID.randomUUID().toString()).put("interface", "public")
                .put("region", REGION).put("region_id", REGION).put("url", url);
    }

    // Nova

    private ResponseDefinition nova(String method, String path, Map<String, String> query, LoggedRequest request) {
        if (method.equals("GET") && path.equals("/flavors")) {
            ArrayNode flavors = JSON.createArrayNode();
            FLAVORS.forEach((id, name) -> flavors.addObject().put("id", id).put("name", name).putArray("links"));
            return ok(JSON.createObjectNode().set("flavors", flavors));
        }
        if (method.equals("POST") && path.equals("/servers")) {
            return boot(read(request.getBodyAsString()).path("server"));
        }
        if (method.equals("GET") && path.equals("/servers/detail")) {
            return ok(JSON.createObjectNode().set("servers", page(query)));
        }
        if (path.startsWith("/servers/")) {
            String id = path.substring("/servers/".length());
            if (!servers.containsKey(id)) {
                return error(404, "itemNotFound", "Instance " + id + " could not be found.");
            }
            if (method.equals("GET")) {
                return ok(JSON.createObjectNode().set("server", look(id)));
            }
            if (method.equals("DELETE")) {
                deleting.putIfAbsent(id, deletingLooks);
                servers.get(id).put("OS-EXT-STS:task_state", "deleting");
                return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
            }
        }
        return error(404, "itemNotFound", "no such API in the fake: " + method + " " + path);
    }

    private ResponseDefinition boot(JsonNode request) {
        Map<String, String> metadata = new LinkedHashMap<>();
        request.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        String flavor = request.path("flavorRef").asText();
        if (!FLAVORS.containsKey(flavor)) {
            return error(400, "badRequest", "Flavor " + flavor + " could not be found.");
        }
        ObjectNode server = newServer(request.path("name").asText(), metadata);
        server.put("key_name", request.path("key_name").asText(null));
        server.set("security_groups", request.has("security_groups") ? request.get("security_groups")
                : JSON.createArrayNode().add(JSON.createObjectNode().put("name", "default")));
        ((ObjectNode) server.get("flavor")).put("id", flavor);
        ((ObjectNode) server.get("image")).put("id", request.path("imageRef").asText());
        String id = server.get("id").asText();
        String network = request.path("networks").path(0).path("uuid").asText(PRIVATE_NETWORK_ID);
        String fixed = "10.0.0." + (10 + addresses.incrementAndGet());
        ObjectNode port = (ObjectNode) fixture("port-show-response.json").get("port");
        port.put("id", UUID.randomUUID().toString()).put("device_id", id).put("device_owner", "compute:nova")
                .put("network_id", network).put("project_id", PROJECT).put("tenant_id", PROJECT);
        port.putArray("fixed_ips").addObject().put("ip_address", fixed).put("subnet_id", UUID.randomUUID().toString());
        ports.put(port.get("id").asText(), port);
        ObjectNode created = (ObjectNode) fixture("server-create-resp.json");
        ObjectNode answer = (ObjectNode) created.get("server");
        answer.put("id", id).put("adminPass", "not-used-with-keypairs");
        answer.set("security_groups", server.get("security_groups"));
        return json(202, created).build();
    }

    private ObjectNode newServer(String name, Map<String, String> metadata) {
        ObjectNode server = (ObjectNode) fixture("server-get-resp.json").get("server");
        String id = UUID.randomUUID().toString();
        server.put("id", id).put("name", name).put("status", "BUILD").put("tenant_id", PROJECT)
                .put("OS-EXT-STS:vm_state", "building").putNull("OS-EXT-STS:task_state");
        server.set("metadata", JSON.valueToTree(metadata));
        server.putObject("addresses");
        server.remove("fault");
        servers.put(id, server);
        looksLeft.put(id, buildLooks);
        return server;
    }

    /** A server as GET shows it: BUILD for a few looks, then ACTIVE with its port's address; a deleted one goes. */
    private ObjectNode look(String id) {
        ObjectNode server = servers.get(id);
        ObjectNode view = server.deepCopy();
        if (deleting.containsKey(id)) {
            seen(id);
            return view;
        }
        if ("BUILD".equals(server.get("status").asText()) && looksLeft.merge(id, -1, Integer::sum) < 0) {
            server.put("status", "ACTIVE").put("OS-EXT-STS:vm_state", "active");
            server.set("addresses", addressesOf(id));
            return server.deepCopy();
        }
        return view;
    }

    private ObjectNode addressesOf(String serverId) {
        ObjectNode addresses = JSON.createObjectNode();
        for (ObjectNode port : ports.values()) {
            if (!port.get("device_id").asText().equals(serverId)) {
                continue;
            }
            ArrayNode list = addresses.putArray("private");
            String fixed = port.path("fixed_ips").path(0).path("ip_address").asText();
            list.addObject().put("addr", fixed).put("OS-EXT-IPS:type", "fixed").put("version", 4)
                    .put("OS-EXT-IPS-MAC:mac_addr", port.path("mac_address").asText());
            for (ObjectNode ip : floatingIps.values()) {
                if (port.get("id").asText().equals(ip.path("port_id").asText(null))) {
                    list.addObject().put("addr", ip.get("floating_ip_address").asText())
                            .put("OS-EXT-IPS:type", "floating").put("version", 4);
                }
            }
        }
        return addresses;
    }

    private ArrayNode page(Map<String, String> query) {
        List<ObjectNode> all = new ArrayList<>(servers.values());
        int from = 0;
        if (query.containsKey("marker")) {
            from = all.indexOf(servers.get(query.get("marker"))) + 1;
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
        ArrayNode page = JSON.createArrayNode();
        List<ObjectNode> shown = List.copyOf(all.subList(from, Math.min(all.size(), from + limit)));
        shown.forEach(s -> page.add(s.deepCopy()));
        shown.forEach(s -> seen(s.get("id").asText()));
        return page;
    }

    /** Time passes for a server being deleted each time someone looks: after its last look it is gone. */
    private void seen(String id) {
        if (deleting.containsKey(id) && deleting.merge(id, -1, Integer::sum) <= 0) {
            removeServer(id);
        }
    }

    private void removeServer(String id) {
        servers.remove(id);
        deleting.remove(id);
        ports.values().removeIf(p -> p.get("device_id").asText().equals(id));
        for (ObjectNode ip : floatingIps.values()) {
            if (!ports.containsKey(ip.path("port_id").asText(""))) {
                ip.putNull("port_id").putNull("fixed_ip_address").put("status", "DOWN");
            }
        }
    }

    // Neutron

    private ResponseDefinition neutron(String method, String path, Map<String, String> query, LoggedRequest request) {
        if (method.equals("GET") && path.equals("/networks")) {
            ArrayNode networks = JSON.createArrayNode();
            ObjectNode external = JSON.createObjectNode().put("id", EXTERNAL_NETWORK_ID).put("name", EXTERNAL_NETWORK)
                    .put("router:external", true).put("status", "ACTIVE");
            ObjectNode internal = JSON.createObjectNode().put("id", PRIVATE_NETWORK_ID).put("name", "private")
                    .put("router:external", false).put("status", "ACTIVE");
            for (ObjectNode network : List.of(external, internal)) {
                if (matches(network, query, "name") && matches(network, query, "router:external")) {
                    networks.add(network);
                }
            }
            return ok(JSON.createObjectNode().set("networks", networks));
        }
        if (method.equals("GET") && path.equals("/ports")) {
            ArrayNode list = JSON.createArrayNode();
            ports.values().stream().filter(p -> matches(p, query, "device_id")).forEach(list::add);
            return ok(JSON.createObjectNode().set("ports", list));
        }
        if (method.equals("GET") && path.equals("/floatingips")) {
            ArrayNode list = JSON.createArrayNode();
            floatingIps.values().stream().filter(ip -> matches(ip, query, "description")).forEach(list::add);
            return ok(JSON.createObjectNode().set("floatingips", list));
        }
        if (method.equals("POST") && path.equals("/floatingips")) {
            JsonNode asked = read(request.getBodyAsString()).path("floatingip");
            if (!EXTERNAL_NETWORK_ID.equals(asked.path("floating_network_id").asText())) {
                return error(404, "NeutronError", "Network " + asked.path("floating_network_id").asText() + " could not be found.");
            }
            ObjectNode ip = (ObjectNode) fixture("floatingip-create-response.json").get("floatingip");
            ip.put("id", UUID.randomUUID().toString()).put("floating_ip_address", "203.0.113." + (10 + addresses.incrementAndGet()))
                    .put("description", asked.path("description").asText("")).put("status", "DOWN")
                    .put("project_id", PROJECT).put("tenant_id", PROJECT)
                    .putNull("port_id").putNull("fixed_ip_address").putNull("router_id");
            ip.remove("port_details");
            floatingIps.put(ip.get("id").asText(), ip);
            return json(201, JSON.createObjectNode().set("floatingip", ip.deepCopy())).build();
        }
        if (path.startsWith("/floatingips/")) {
            String id = path.substring("/floatingips/".length());
            ObjectNode ip = floatingIps.get(id);
            if (ip == null) {
                return error(404, "NeutronError", "Floating IP " + id + " could not be found");
            }
            switch (method) {
                case "GET":
                    return ok(JSON.createObjectNode().set("floatingip", ip.deepCopy()));
                case "PUT":
                    String portId = read(request.getBodyAsString()).path("floatingip").path("port_id").asText();
                    ObjectNode port = ports.get(portId);
                    if (port == null) {
                        return error(404, "NeutronError", "Port " + portId + " could not be found.");
                    }
                    ip.put("port_id", portId).put("status", "ACTIVE")
                            .put("fixed_ip_address", port.path("fixed_ips").path(0).path("ip_address").asText());
                    servers.computeIfPresent(port.get("device_id").asText(), (sid, s) -> {
                        if ("ACTIVE".equals(s.get("status").asText())) {
                            s.set("addresses", addressesOf(sid));
                        }
                        return s;
                    });
                    return ok(JSON.createObjectNode().set("floatingip", ip.deepCopy()));
                case "DELETE":
                    floatingIps.remove(id);
                    return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
                default:
                    break;
            }
        }
        return error(404, "NeutronError", "no such API in the fake: " + method + " " + path);
    }

    // plumbing

    private static boolean matches(JsonNode item, Map<String, String> query, String key) {
        return !query.containsKey(key) || query.get(key).equals(item.path(key).asText());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static ResponseDefinition ok(JsonNode body) {
        return json(200, body).build();
    }

    private static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Openstack-Request-Id", "req-" + UUID.randomUUID())
                .withBody(body.toString());
    }

    /** An error body as each service writes it: Nova {"itemNotFound": {...}}, Neutron {"NeutronError": {...}}. */
    static ResponseDefinition error(int status, String kind, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject(kind).put("code", status).put("message", message);
        return json(status, body).build();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode fixture(String name) {
        try (InputStream in = FakeOpenStack.class.getResourceAsStream("/openstack/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
