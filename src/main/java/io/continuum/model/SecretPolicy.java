package io.continuum.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which environment variables a node definition may reference as {@code ${NAME}}: a reference hands
 * the variable's value to a node (a VM's login, say), so only names the operator allows are
 * accepted, and the orchestrator's own credentials never, whatever the operator allows.
 *
 * @param allowedPrefixes a name starting with one of these is allowed
 * @param allowedNames    names allowed one by one
 */
public record SecretPolicy(List<String> allowedPrefixes, Set<String> allowedNames) {

    /** The default prefixes, as {@code continuum.secrets.allowed-prefixes} writes them. */
    public static final String DEFAULT_PREFIXES = "CONTINUUM_SECRET_,AZURE_VM_";
    public static final SecretPolicy DEFAULT = new SecretPolicy(List.of(DEFAULT_PREFIXES.split(",")), Set.of());

    /**
     * The orchestrator's own credentials and the host's secrets (compared in upper case: Windows and
     * Azure app settings ignore case): the OpenStack clients' OS_*, azure-identity's service principal,
     * user and workload-identity variables, the Functions host's storage, managed-identity and
     * encryption settings, and Continuum's own API key and state connection string.
     */
    private static final List<String> RESERVED_PREFIXES = List.of("OS_", "AZURE_CLIENT_", "AZURE_TENANT_",
            "AZURE_SUBSCRIPTION_", "AZURE_AUTHORITY_", "AZURE_FEDERATED_", "AZUREWEBJOBS", "WEBSITE_", "MSI_",
            "IDENTITY_", "CONTINUUM_API_", "CONTINUUM_STATE_");
    private static final Set<String> RESERVED_NAMES = Set.of("AZURE_USERNAME", "AZURE_PASSWORD",
            "CONTAINER_ENCRYPTION_KEY");

    /**
     * For blueprints accepted earlier and re-read as they run: any name but the orchestrator's own
     * credentials (a narrower list applies to what is submitted from then on).
     */
    public static final SecretPolicy ACCEPTED = new SecretPolicy(List.of(""), Set.of());

    public SecretPolicy {
        allowedPrefixes = List.copyOf(allowedPrefixes);
        allowedNames = Set.copyOf(allowedNames);
    }

    /** Why a reference to this variable is refused, or empty when it is allowed. */
    public Optional<String> refusal(String variable) {
        String upper = variable.toUpperCase(Locale.ROOT);
        if (RESERVED_NAMES.contains(upper) || RESERVED_PREFIXES.stream().anyMatch(upper::startsWith)) {
            return Optional.of("${" + variable + "} is a credential of the orchestrator itself and is never passed"
                    + " to a node; give the node's secret a variable of its own, such as ${CONTINUUM_SECRET_<NAME>}");
        }
        if (allowedNames.contains(variable) || allowedPrefixes.stream().anyMatch(variable::startsWith)) {
            return Optional.empty();
        }
        return Optional.of("${" + variable + "} is not an allowed secret variable (allowed: "
                + describeAllowed() + "); to allow it, add it to continuum.secrets.allowed-names"
                + " (environment CONTINUUM_SECRETS_ALLOWED_NAMES) or its prefix to continuum.secrets.allowed-prefixes");
    }

    private String describeAllowed() {
        List<String> parts = new ArrayList<>();
        allowedPrefixes.forEach(p -> parts.add(p + "*"));
        allowedNames.stream().sorted().forEach(parts::add);
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
