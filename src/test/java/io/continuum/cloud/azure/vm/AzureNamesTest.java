package io.continuum.cloud.azure.vm;

import io.continuum.cloud.CloudException;
import io.continuum.cloud.azure.arm.ArmRef;
import io.continuum.cloud.azure.arm.AzureNames;
import io.continuum.cloud.azure.arm.Endpoints;
import io.continuum.cloud.azure.arm.PortSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names, ports and cloud ids: the small pure pieces the handlers are built from. */
class AzureNamesTest {

    @Test
    void aNameThatFitsIsKeptAndALongOneStaysDistinctAndWithinTheLimit() {
        assertEquals("kh-1-kafka-azure-0", AzureNames.fit("kh-1-kafka-azure-0", 63));
        String infra = "a-very-long-infrastructure-name-that-users-like-to-write-";
        String a = AzureNames.fit(infra + "kafka-aci-1", 63);
        String b = AzureNames.fit(infra + "kafka-aci-2", 63);
        assertTrue(a.length() <= 63 && b.length() <= 63);
        assertNotEquals(a, b);
        assertEquals(a, AzureNames.fit(a, 63), "fitting twice changes nothing");
        assertTrue(a.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?"), a);
    }

    @Test
    void aLocationIsWrittenAsArmNamesIt() {
        assertEquals("westeurope", AzureNames.location("West Europe"));
    }

    @Test
    void portsAreReadAsWrittenAndMergedWithTheServedOnes() {
        assertEquals(List.of(new PortSpec(53, "UDP"), new PortSpec(2181, "TCP"), new PortSpec(9092, "TCP")),
                PortSpec.union(List.of("9092/TCP", "53/udp", "9092"), List.of(2181, 9092)));
        CloudException e = assertThrows(CloudException.class, () -> PortSpec.parse("kafka/TCP"));
        assertTrue(e.permanent());
    }

    @Test
    void aCloudIdIsTheResourceUrlAndReadsBack() {
        String armId = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1";
        ArmRef ref = ArmRef.of("https://management.azure.com", armId);

        assertEquals("https://management.azure.com/subscriptions/s1/resourceGroups/rg/providers/"
                + "Microsoft.Compute/virtualMachines/vm-1", ref.cloudId());
        ArmRef back = ArmRef.parse(ref.cloudId());
        assertEquals("https://management.azure.com/", back.endpoint());
        assertEquals("rg", back.id().resourceGroupName());
        assertEquals("vm-1", back.id().name());
        assertThrows(CloudException.class, () -> ArmRef.parse("i-0abc"));
    }

    @Test
    void theVmNodesResourcesAreNamedAfterTheVm() {
        VmNames n = VmNames.of("kh-1-kafka-azure-0");
        assertEquals(List.of("kh-1-kafka-azure-0-ip", "kh-1-kafka-azure-0-nic", "kh-1-kafka-azure-0-nsg",
                "kh-1-kafka-azure-0-osdisk"), List.of(n.publicIp(), n.nic(), n.nsg(), n.osDisk()));
        for (String part : List.of(n.vm(), n.publicIp(), n.nic(), n.nsg(), n.osDisk())) {
            assertEquals(n.vm(), VmNames.vmNameOf(part));
        }
    }

    @Test
    void knownCloudsKeepTheirSignInHostAndOthersGetTheirOwnArmUrl() {
        assertEquals("https://login.chinacloudapi.cn/",
                Endpoints.environment("https://management.chinacloudapi.cn").getActiveDirectoryEndpoint());
        assertEquals("https://127.0.0.1:8443/",
                Endpoints.environment("https://127.0.0.1:8443").getResourceManagerEndpoint());
    }
}
