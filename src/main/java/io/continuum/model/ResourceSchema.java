package io.continuum.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields each resource type needs (DESIGN.md §3), and the rules that secrets come from the
 * environment and that a field names only the environment variables the {@link SecretPolicy} allows.
 */
record ResourceSchema(String type, List<String> required, Set<String> optional) {

    static final String NOVA = "nova";
    static final String AZURE_VM = "azure_vm";
    static final String AZURE_ACI = "azure_aci";
    static final String LOCAL = "local";
    static final List<String> TYPES = List.of(NOVA, AZURE_VM, AZURE_ACI, LOCAL);

    /** Fields that hold secrets: only an environment reference such as {@code ${AZURE_VM_PASSWORD}} is accepted. */
    static final Set<String> SECRET_FIELDS = Set.of("password", "client_secret", "application_credential_secret");
    static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private static final Map<String, ResourceSchema> SCHEMAS = Map.of(
            NOVA, new ResourceSchema(NOVA,
                    List.of("endpoint", "image_id", "flavor_name", "project_id"),
                    Set.of("network_id", "server_name", "key_name", "security_groups", "floating_ip",
                            "floating_ip_pool", "region_name", "user_domain_name", "project_domain_name")),
            AZURE_VM, new ResourceSchema(AZURE_VM,
                    List.of("endpoint", "resource_group", "location", "vm_size", "publisher", "offer", "sku",
                            "version", "username"),
                    Set.of("password", "ssh_key_data", "vnet_name", "subnet_name", "public_ip_needed", "ports")),
            AZURE_ACI, new ResourceSchema(AZURE_ACI,
                    List.of("endpoint", "resource_group", "location", "cpu_cores", "memory", "image", "os_type",
                            "network_type"),
                    Set.of("ports", "dns_name_label")),
            LOCAL, new ResourceSchema(LOCAL, List.of("service"), Set.of("heap_mb", "config")));

    /** Addresses every node of a type has before it exists: local nodes are all on 127.0.0.1. */
    static List<String> fixedAddresses(String type) {
        return LOCAL.equals(type) ? List.of("127.0.0.1") : List.of();
    }

    static Optional<ResourceSchema> of(String type) {
        return Optional.ofNullable(SCHEMAS.get(type));
    }

    void check(YamlMap r, Map<String, Object> fields, YamlReading reading, SecretPolicy secrets) {
        for (String key : required) {
            if (fields.get(key) == null) {
                reading.problems().error(r.location(), r.path(),
                        "missing required key '" + key + "' for resource type " + type);
            }
        }
        Set<String> known = new TreeSet<>(required);
        known.addAll(optional);
        known.add("type");
        for (String key : fields.keySet()) {
            Matcher reference = fields.get(key) instanceof String s ? ENV_REFERENCE.matcher(s) : null;
            if (reference != null && reference.matches()) {
                secrets.refusal(reference.group(1))
                        .ifPresent(why -> reading.problems().error(r.keyLocation(key), r.child(key), why));
            } else if (SECRET_FIELDS.contains(key)) {
                reading.problems().error(r.keyLocation(key), r.child(key),
                        "secrets are not written in node definitions; reference an environment variable, e.g. "
                                + key + ": ${" + type.toUpperCase() + "_" + key.toUpperCase() + "}");
            }
        }
        if (type.equals(LOCAL) && fields.get("service") != null
                && !Set.of("zookeeper", "kafka").contains(String.valueOf(fields.get("service")))) {
            reading.problems().error(r.keyLocation("service"), r.child("service"),
                    "local service must be zookeeper or kafka, found '" + fields.get("service") + "'");
        }
        if (type.equals(LOCAL) && fields.get("config") != null) {
            NodePath.escape(String.valueOf(fields.get("config")), false)
                    .ifPresent(why -> reading.problems().error(r.keyLocation("config"), r.child("config"), why));
        }
        if (type.equals(AZURE_VM) && fields.get("password") == null && fields.get("ssh_key_data") == null) {
            reading.problems().error(r.location(), r.path(), "azure_vm needs 'ssh_key_data' or 'password'");
        }
        r.warnUnknown(known);
    }
}
