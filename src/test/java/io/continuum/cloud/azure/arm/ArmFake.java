package io.continuum.cloud.azure.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Entra ID sign-in and Azure Resource Manager, faked over HTTPS on 127.0.0.1 with WireMock. ARM is
 * answered as the service does (shapes of the REST API spec examples in shared/fixtures/cloud-api/azure):
 * a PUT answers 201 with {@code Azure-AsyncOperation}, the operation reads InProgress then Succeeded,
 * a GET of a missing resource is 404 {@code ResourceNotFound}, a DELETE answers 202 and the resource
 * reads provisioningState {@code Deleting} until its operation completes, then 404; a PUT into an unknown resource group is 404
 * {@code ResourceGroupNotFound}. Operations that nobody polls finish on {@link #finishOperations()}, the
 * fake's "time passes". Failures are injected as WireMock stubs of higher priority.
 */
public final class ArmFake implements AutoCloseable {

    public static final String TENANT = "7f3c1d2e-0000-4000-8000-00000000a001";
    public static final String CLIENT = "5b6a7c8d-0000-4000-8000-00000000c001";
    public static final String CLIENT_SECRET = "fake-client-secret~Qz7.Kp";
    public static final String SUBSCRIPTION = "0b1c2d3e-0000-4000-8000-00000000b001";
    public static final String TOKEN = "fake-arm-access-token";
    public static final String TRANSFORMER = "fake-arm";
    public static final int ARM_PRIORITY = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RESOURCE = Pattern.compile(
            "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/([^/]+)/([^/]+)/([^/]+)$");
    private static final Pattern OPERATION = Pattern.compile(
            "(?i)^/subscriptions/[^/]+/providers/[^/]+/locations/[^/]+/operations/([^/]+)$");
    private static final Pattern RESOURCES_LIST = Pattern.compile("(?i)^/subscriptions/([^/]+)/resources$");
    private static final Pattern TAG_FILTER = Pattern.compile("tagName eq '(.*)' and tagValue eq '(.*)'");

    private final WireMockServer server;
    private final Map<String, ObjectNode> resources = new HashMap<>();
    private final Map<String, Operation> operations = new HashMap<>();
    private final Set<String> resourceGroups = new HashSet<>();
    private int addresses;
    private int readsToComplete = Integer.MAX_VALUE;
    private int pollsToComplete = 2;

    /** A long-running operation on one resource; it completes on its second poll (or as set) or when time passes. */
    private static final class Operation {
        final String resourceKey;
        final boolean delete;
        int polls;
        int reads;
        boolean done;

        Operation(String resourceKey, boolean delete) {
            this.resourceKey = resourceKey;
            this.delete = delete;
        }
    }

    public ArmFake() {
        this(0);
    }

    /** @param httpsPort where it listens; 0 for any free port */
    public ArmFake(int httpsPort) {
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .httpsPort(httpsPort)
                .keystorePath(TestTls.keystore().toString())
                .keystoreType("PKCS12")
                .keystorePassword(TestTls.PASSWORD)
                .keyManagerPassword(TestTls.PASSWORD)
                .extensions(new Arm()));
        server.start();
        stubDefaults();
    }

    public String baseUrl() {
        return "https://127.0.0.1:" + server.httpsPort();
    }

    /** The ARM endpoint as a resource's {@code endpoint} field writes it. */
    public String endpoint() {
        return baseUrl() + "/";
    }

    public WireMockServer server() {
        return server;
    }

    /** The environment of a service principal of this fake tenant. */
    public Map<String, String> environment() {
        return Map.of(AzureCredentials.TENANT, TENANT, AzureCredentials.CLIENT, CLIENT,
                AzureCredentials.SECRET, CLIENT_SECRET, AzureCredentials.SUBSCRIPTION, SUBSCRIPTION,
                AzureCredentials.AUTHORITY_HOST, baseUrl() + "/");
    }

    /**
     * JVM options that make another process's default TLS trust the fake's certificate (the
     * keystore's own certificate entry), e.g. as {@code JAVA_TOOL_OPTIONS}.
     */
    public static String trustStoreOptions() {
        return "-Djavax.net.ssl.trustStore=" + TestTls.keystore() + " -Djavax.net.ssl.trustStorePassword=" + TestTls.PASSWORD
                + " -Djavax.net.ssl.trustStoreType=PKCS12";
    }

    public synchronized void addResourceGroup(String name) {
        resourceGroups.add(name.toLowerCase(Locale.ROOT));
    }

    public synchronized void reset() {
        server.resetAll();
        resources.clear();
        operations.clear();
        resourceGroups.clear();
        readsToComplete = Integer.MAX_VALUE;
        pollsToComplete = 2;
        stubDefaults();
    }

    /**
     * Time passes between reads: from now on an operation also completes on the given read of its
     * resource, as Azure finishes a VM whether or not anyone polls the operation.
     */
    public synchronized void completeAfterReads(int reads) {
        readsToComplete = reads;
    }

    /** Long-running operations answer InProgress until their {@code polls}-th poll, as a slow ARM does. */
    public synchronized void completeAfterPolls(int polls) {
        pollsToComplete = polls;
    }

    /** Every operation still running completes, as it would on Azure given time. */
    public synchronized void finishOperations() {
        for (Operation op : operations.values()) {
            if (!op.done) {
                complete(op);
            }
        }
    }

    public synchronized Optional<JsonNode> resource(String resourceGroup, String type, String name) {
        return Optional.ofNullable(resources.get(key(id(resourceGroup, type, name)))).map(JsonNode::deepCopy);
    }

    /** Every stored resource of a type (e.g. Microsoft.Compute/virtualMachines), in no order. */
    public synchronized List<JsonNode> resources(String type) {
        return resources.values().stream().filter(r -> type.equalsIgnoreCase(r.path("type").asText()))
                .map(r -> (JsonNode) r.deepCopy()).toList();
    }

    /** Deletes a resource behind Continuum's back, as a user in the portal would. */
    public synchronized void deleteOutside(String resourceGroup, String type, String name) {
        resources.remove(key(id(resourceGroup, type, name)));
    }

    /** Stores a resource as if someone had created it earlier (e.g. before a crash, or by hand). */
    public synchronized void put(String resourceGroup, String type, String name, ObjectNode body) {
        String id = id(resourceGroup, type, name);
        body.put("id", id).put("name", name).put("type", type);
        enrich(type, body, id);
        resources.put(key(id), body);
    }

    /** The requests ARM received, oldest first. */
    public List<LoggedRequest> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return events.stream().map(ServeEvent::getRequest).toList();
    }

    /** Requests of one method whose path ends with the given text, e.g. ("PUT", "/virtualMachines/vm-1"). */
    public List<LoggedRequest> requests(RequestMethod method, String pathSuffix) {
        String suffix = pathSuffix.toLowerCase(Locale.ROOT);
        return requests().stream()
                .filter(r -> r.getMethod().equals(method)
                        && URI.create(r.getUrl()).getPath().toLowerCase(Locale.ROOT).endsWith(suffix))
                .toList();
    }

    /** How many times the status of a long-running operation was read: a caller that waits for one polls it. */
    public int operationPolls() {
        return (int) requests().stream().filter(r -> r.getMethod().equals(RequestMethod.GET)
                && OPERATION.matcher(URI.create(r.getUrl()).getPath()).matches()).count();
    }

    public static JsonNode json(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String id(String resourceGroup, String type, String name) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + resourceGroup + "/providers/" + type + "/" + name;
    }

    @Override
    public void close() {
        server.stop();
    }

    private void stubDefaults() {
        server.stubFor(post(urlPathMatching("/" + TENANT + "/oauth2/v2.0/token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        // Entra ID echoes the client's correlation id, as MSAL checks.
                        .withHeader("client-request-id", "{{request.headers.client-request-id}}")
                        .withTransformers("response-template")
                        .withBody("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                                + "\"access_token\":\"" + TOKEN + "\"}")));
        server.stubFor(any(urlPathMatching("/subscriptions/.*")).atPriority(ARM_PRIORITY)
                .willReturn(aResponse().withTransformers(TRANSFORMER)));
    }

    /** The ARM behaviour, as a WireMock response transformer over the fake's state. */
    private final class Arm implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return TRANSFORMER;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            synchronized (ArmFake.this) {
                LoggedRequest request = event.getRequest();
                URI uri = URI.create(request.getUrl());
                String path = uri.getPath();
                String base = baseUrl();
                Matcher m = OPERATION.matcher(path);
                if (m.matches() && request.getMethod().equals(RequestMethod.GET)) {
                    return operationStatus(m.group(1));
                }
                m = RESOURCES_LIST.matcher(path);
                if (m.matches() && request.getMethod().equals(RequestMethod.GET)) {
                    return listByTag(query(uri, "$filter"));
                }
                m = RESOURCE.matcher(path);
                if (!m.matches()) {
                    return error(404, "InvalidResourceType", "The fake serves no " + path);
                }
                String rg = m.group(2);
                String type = m.group(3) + "/" + m.group(4);
                String name = m.group(5);
                String id = "/subscriptions/" + m.group(1) + "/resourceGroups/" + rg + "/providers/" + type + "/" + name;
                String apiVersion = query(uri, "api-version");
                RequestMethod method = request.getMethod();
                if (method.equals(RequestMethod.PUT)) {
                    return createOrUpdate(base, id, rg, type, name, apiVersion, request.getBodyAsString());
                }
                if (method.equals(RequestMethod.GET)) {
                    return read(id, rg, type, name, "instanceView".equalsIgnoreCase(query(uri, "$expand")));
                }
                if (method.equals(RequestMethod.DELETE)) {
                    return delete(base, id, type, apiVersion);
                }
                return error(405, "MethodNotAllowed", method + " is not faked");
            }
        }
    }

    private ResponseDefinition createOrUpdate(String base, String id, String rg, String type, String name,
                                              String apiVersion, String body) {
        if (!resourceGroups.contains(rg.toLowerCase(Locale.ROOT))) {
            return error(404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
        }
        ObjectNode resource;
        try {
            resource = (ObjectNode) JSON.readTree(body);
        } catch (IOException | ClassCastException e) {
            return error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
        }
        boolean existed = resources.containsKey(key(id));
        resource.put("id", id).put("name", name).put("type", type);
        enrich(type, resource, id);
        resources.put(key(id), resource);
        String opId = UUID.randomUUID().toString();
        operations.put(opId, new Operation(key(id), false));
        ObjectNode answer = resource.deepCopy();
        properties(answer).put("provisioningState", existed ? "Updating" : "Creating");
        return json(existed ? 200 : 201, answer, asyncOperationHeader(base, type, resource, opId, apiVersion));
    }

    private ResponseDefinition read(String id, String rg, String type, String name, boolean instanceView) {
        if (resources.containsKey(key(id))) {
            for (Operation op : operations.values()) {
                if (!op.done && op.resourceKey.equals(key(id)) && ++op.reads >= readsToComplete) {
                    complete(op); // a delete completing removes the resource: this read answers 404
                }
            }
        }
        ObjectNode stored = resources.get(key(id));
        if (stored == null) {
            return error(404, "ResourceNotFound", "The Resource '" + type + "/" + name + "' under resource group '"
                    + rg + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
        }
        ObjectNode answer = stored.deepCopy();
        String state = provisioningState(key(id));
        properties(answer).put("provisioningState", state);
        if (type.equalsIgnoreCase("Microsoft.ContainerInstance/containerGroups")) {
            properties(answer).putObject("instanceView").put("state", state.equals("Succeeded") ? "Running" : "Pending");
        }
        if (instanceView && type.equalsIgnoreCase("Microsoft.Compute/virtualMachines")) {
            ArrayNode statuses = properties(answer).putObject("instanceView").putArray("statuses");
            statuses.addObject().put("code", "ProvisioningState/" + state.toLowerCase(Locale.ROOT))
                    .put("level", "Info").put("displayStatus", "Provisioning " + state.toLowerCase(Locale.ROOT));
            if (state.equals("Succeeded")) {
                statuses.addObject().put("code", "PowerState/running").put("level", "Info")
                        .put("displayStatus", "VM running");
            }
        }
        return json(200, answer, Map.of());
    }

    private ResponseDefinition delete(String base, String id, String type, String apiVersion) {
        ObjectNode stored = resources.get(key(id));
        if (stored == null) {
            return new ResponseDefinitionBuilder().withStatus(204).build();
        }
        String opId = UUID.randomUUID().toString();
        operations.put(opId, new Operation(key(id), true));
        ResponseDefinitionBuilder answer = new ResponseDefinitionBuilder().withStatus(202);
        asyncOperationHeader(base, type, stored, opId, apiVersion).forEach(answer::withHeader);
        return answer.build();
    }

    private ResponseDefinition operationStatus(String opId) {
        Operation op = operations.get(opId);
        if (op == null) {
            return error(404, "OperationNotFound", "Operation " + opId + " was not found.");
        }
        op.polls++;
        if (!op.done && op.polls >= pollsToComplete) {
            complete(op);
        }
        return json(200, JSON.createObjectNode().put("status", op.done ? "Succeeded" : "InProgress"), Map.of());
    }

    private ResponseDefinition listByTag(String filter) {
        Matcher m = TAG_FILTER.matcher(filter == null ? "" : filter);
        if (!m.matches()) {
            return error(400, "InvalidFilterInQueryString", "The fake filters by one tag: " + filter);
        }
        String tag = m.group(1).replace("''", "'");
        String value = m.group(2).replace("''", "'");
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode items = answer.putArray("value");
        for (ObjectNode r : resources.values()) {
            if (value.equals(r.path("tags").path(tag).asText(null))) {
                items.addObject().put("id", r.get("id").asText()).put("name", r.get("name").asText())
                        .put("type", r.get("type").asText()).put("location", r.path("location").asText())
                        .set("tags", r.get("tags").deepCopy());
            }
        }
        return json(200, answer, Map.of());
    }

    private void complete(Operation op) {
        op.done = true;
        if (op.delete) {
            resources.remove(op.resourceKey);
        }
    }

    private String provisioningState(String resourceKey) {
        for (Operation op : operations.values()) {
            if (!op.done && op.resourceKey.equals(resourceKey)) {
                return op.delete ? "Deleting" : "Creating";
            }
        }
        return "Succeeded";
    }

    /** What ARM adds to a stored resource: ids of children, allocated addresses, the implicit OS disk. */
    private void enrich(String type, ObjectNode resource, String id) {
        ObjectNode props = properties(resource);
        switch (type.toLowerCase(Locale.ROOT)) {
            case "microsoft.network/publicipaddresses" -> props.put("ipAddress", "203.0.113." + (++addresses));
            case "microsoft.network/virtualnetworks" -> props.withArrayProperty("subnets").forEach(s ->
                    ((ObjectNode) s).put("id", id + "/subnets/" + s.path("name").asText()));
            case "microsoft.network/networksecuritygroups" -> props.withArrayProperty("securityRules").forEach(s ->
                    ((ObjectNode) s).put("id", id + "/securityRules/" + s.path("name").asText()));
            case "microsoft.network/networkinterfaces" -> {
                Iterator<JsonNode> configs = props.withArrayProperty("ipConfigurations").elements();
                while (configs.hasNext()) {
                    ObjectNode c = (ObjectNode) configs.next();
                    c.put("id", id + "/ipConfigurations/" + c.path("name").asText());
                    properties(c).put("privateIPAddress", "10.0.0." + (4 + ++addresses));
                }
            }
            case "microsoft.compute/virtualmachines" -> {
                props.put("vmId", UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString());
                String disk = props.path("storageProfile").path("osDisk").path("name").asText(null);
                if (disk != null) {
                    String rg = id.split("/")[4];
                    String diskId = id(rg, "Microsoft.Compute/disks", disk);
                    ObjectNode d = JSON.createObjectNode().put("id", diskId).put("name", disk)
                            .put("type", "Microsoft.Compute/disks").put("location", resource.path("location").asText());
                    d.putObject("properties").put("diskState", "Attached");
                    resources.putIfAbsent(key(diskId), d);
                }
            }
            case "microsoft.containerinstance/containergroups" -> {
                ObjectNode ip = props.withObjectProperty("ipAddress");
                ip.put("ip", "203.0.113." + (++addresses));
                if (ip.hasNonNull("dnsNameLabel")) {
                    ip.put("fqdn", ip.get("dnsNameLabel").asText() + "." + resource.path("location").asText()
                            + ".azurecontainer.io");
                }
            }
            default -> {
                // stored as sent
            }
        }
    }

    private static Map<String, String> asyncOperationHeader(String base, String type, ObjectNode resource, String opId,
                                                            String apiVersion) {
        String namespace = type.substring(0, type.indexOf('/'));
        return Map.of("Azure-AsyncOperation", base + "/subscriptions/" + SUBSCRIPTION + "/providers/" + namespace
                + "/locations/" + resource.path("location").asText("westeurope") + "/operations/" + opId
                + "?api-version=" + apiVersion);
    }

    private static ObjectNode properties(ObjectNode node) {
        return node.withObjectProperty("properties");
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private static String query(URI uri, String name) {
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static ResponseDefinition error(int status, String code, String message) {
        return json(status, errorBody(code, message), Map.of());
    }

    private static ResponseDefinition json(int status, JsonNode body, Map<String, String> headers) {
        return json(status, body.toString(), headers);
    }

    private static ResponseDefinition json(int status, String body, Map<String, String> headers) {
        ResponseDefinitionBuilder b = new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("x-ms-request-id", UUID.randomUUID().toString())
                .withBody(body);
        headers.forEach(b::withHeader);
        return b.build();
    }

    /** An ARM error body, also for the stubs that inject failures. */
    public static String errorBody(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body.toString();
    }
}
