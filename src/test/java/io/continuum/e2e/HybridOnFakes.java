package io.continuum.e2e;

import io.continuum.cloud.azure.arm.ArmFake;
import io.continuum.cloud.openstack.FakeOpenStack;
import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;

/** infra-templates/kafka-hybrid as a user would write it for the fake clouds, with a password for the Azure VMs. */
public final class HybridOnFakes {

    private HybridOnFakes() {
    }

    public static Blueprint blueprint(FakeOpenStack openstack, ArmFake arm) {
        Blueprint template = Blueprints.template("kafka-hybrid");
        String nodes = template.nodeDefinitions()
                .replace("https://sztaki.cloud.mta.hu:5000/v3", openstack.keystone())
                .replace("replace-with-your-project-id", FakeOpenStack.PROJECT)
                .replace("replace-with-an-ubuntu-22.04-image-id", "70a599e0-31e7-49b7-b260-868f441e862b")
                .replace("replace-with-your-network-id", FakeOpenStack.PRIVATE_NETWORK_ID)
                .replace("replace-with-your-keypair", "continuum-key")
                .replace("https://management.azure.com/", arm.endpoint())
                .replace("ssh_key_data: ssh-rsa AAAAB3-replace-with-your-public-key continuum",
                        "password: ${AZURE_VM_PASSWORD}");
        return new Blueprint(template.infraFile(), template.infra(), template.nodeDefinitionsFile(), nodes, template.files());
    }
}
