package io.continuum.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node definition names only the environment variables the operator allows, never the orchestrator's own credentials. */
class SecretReferencesTest {

    private static final String INFRA = "infra_name: kafka\nnodes:\n  - {name: kafka, type: kafka_azure_node}\n";

    /** An azure_vm definition whose line 13 is {@code field: value}. */
    private static String vm(String field, String value) {
        return """
                'node_def:kafka_azure_node':
                  - resource:
                      type: azure_vm
                      endpoint: https://management.azure.com/
                      resource_group: continuum-kafka
                      location: westeurope
                      vm_size: Standard_B2s
                      publisher: Canonical
                      offer: 0001-com-ubuntu-server-jammy
                      sku: 22_04-lts-gen2
                      version: latest
                      username: continuum
                      %s: %s
                    contextualisation: {type: cloudinit, context_template: "#cloud-config"}
                """.formatted(field, value);
    }

    private static List<Problem> problems(BlueprintParser parser, String field, String value) {
        return parser.parse(Blueprint.of(INFRA, vm(field, value), Map.of())).problems();
    }

    private static Problem onlyError(List<Problem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(Severity.ERROR, problems.get(0).severity());
        return problems.get(0);
    }

    @Test
    void theOrchestratorsOwnCredentialsAreRefusedWhereTheyAreNamed() {
        for (String variable : List.of("AZURE_CLIENT_SECRET", "OS_PASSWORD", "OS_APPLICATION_CREDENTIAL_SECRET",
                "AzureWebJobsStorage", "CONTINUUM_API_KEY")) {
            Problem p = onlyError(problems(Parsers.standard(), "password", "${" + variable + "}"));
            assertEquals("nodes.yaml:13:7", p.location().toString(), variable);
            assertEquals("node_def:kafka_azure_node[0].resource.password", p.path(), variable);
            assertEquals("${" + variable + "} is a credential of the orchestrator itself and is never passed to a node;"
                    + " give the node's secret a variable of its own, such as ${CONTINUUM_SECRET_<NAME>}", p.message());
        }
    }

    @Test
    void aVariableOutsideTheAllowedListIsRefusedWithHowToAllowIt() {
        Problem p = onlyError(problems(Parsers.standard(), "password", "${HOME}"));
        assertEquals("nodes.yaml:13:7", p.location().toString());
        assertEquals("${HOME} is not an allowed secret variable (allowed: CONTINUUM_SECRET_*, AZURE_VM_*); to allow it,"
                + " add it to continuum.secrets.allowed-names (environment CONTINUUM_SECRETS_ALLOWED_NAMES) or its prefix"
                + " to continuum.secrets.allowed-prefixes", p.message());
    }

    @Test
    void everyReferencedFieldIsCheckedNotOnlyPasswords() {
        Problem p = onlyError(problems(Parsers.standard(), "ssh_key_data", "${OS_PASSWORD}"));
        assertEquals("node_def:kafka_azure_node[0].resource.ssh_key_data", p.path());
        assertTrue(p.message().startsWith("${OS_PASSWORD} is a credential of the orchestrator itself"), p.message());
    }

    @Test
    void allowedNamesAndPrefixesAreAccepted() {
        assertEquals(List.of(), problems(Parsers.standard(), "password", "${AZURE_VM_PASSWORD}"));
        assertEquals(List.of(), problems(Parsers.standard(), "password", "${CONTINUUM_SECRET_KAFKA_VM}"));
        BlueprintParser byName = Parsers.with(
                new SecretPolicy(List.of(), Set.of("KAFKA_VM_PASSWORD")));
        assertEquals(List.of(), problems(byName, "password", "${KAFKA_VM_PASSWORD}"));
        assertTrue(onlyError(problems(byName, "password", "${AZURE_VM_PASSWORD}")).message()
                .contains("(allowed: KAFKA_VM_PASSWORD)"));
    }

    @Test
    void anOperatorsPrefixOrNameNeverReachesTheOrchestratorsCredentials() {
        BlueprintParser broad = Parsers.with(
                new SecretPolicy(List.of("AZURE_", "OS_"), Set.of("AZURE_CLIENT_SECRET", "azurewebjobsstorage")));
        for (String variable : List.of("AZURE_CLIENT_SECRET", "AZURE_TENANT_ID", "OS_PASSWORD", "azurewebjobsstorage")) {
            assertTrue(onlyError(problems(broad, "password", "${" + variable + "}")).message()
                    .contains("is a credential of the orchestrator itself"), variable);
        }
        assertEquals(List.of(), problems(broad, "password", "${AZURE_VM_PASSWORD}"));
    }

    @Test
    void storedBlueprintsAreReReadWithAnyNameButTheOrchestratorsCredentials() {
        BlueprintParser stored = Parsers.with(SecretPolicy.ACCEPTED);
        assertEquals(List.of(), problems(stored, "password", "${KAFKA_VM_PASSWORD}"));
        assertTrue(onlyError(problems(stored, "password", "${AZURE_CLIENT_SECRET}")).message()
                .contains("is a credential of the orchestrator itself"));
    }
}
