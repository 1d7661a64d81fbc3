package io.continuum.cloud.azure.arm;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.containerinstance.ContainerInstanceManager;
import com.azure.resourcemanager.containerinstance.fluent.ContainerInstanceManagementClient;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;

/** The ARM clients of one endpoint and subscription, sharing one authenticated pipeline. */
public record Arm(String endpoint, String subscriptionId, ComputeManagementClient compute, NetworkManagementClient network,
           ContainerInstanceManagementClient containers, ResourceManagementClient resources, ArmCalls calls) {

    /** The ARM id of a resource in this subscription, e.g. type {@code Microsoft.Network/publicIPAddresses}. */
    public String id(String resourceGroup, String type, String name) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/" + type + "/" + name;
    }

    /** What Continuum records as the cloud id: the ARM id with its endpoint, so status and delete go to the same cloud. */
    public String cloudId(String armId) {
        return ArmRef.of(endpoint, armId).cloudId();
    }

    /** Authenticates one pipeline for an endpoint (service principal from the environment, bounded retries) and its clients. */
    static Arm connect(String endpoint, AzureConfig config, EnvSource env, HttpClient http) {
        AzureCredentials credentials = AzureCredentials.from(env);
        AzureEnvironment environment = Endpoints.environment(endpoint);
        AzureProfile profile = new AzureProfile(credentials.tenantId(), credentials.subscriptionId(), environment);
        HttpPipeline pipeline = HttpPipelineProvider.buildHttpPipeline(credential(credentials, environment, http), profile,
                null, new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE), null, retryPolicy(config), null, http);
        ComputeManager compute = ComputeManager.authenticate(pipeline, profile);
        ContainerInstanceManager containers = ContainerInstanceManager.authenticate(pipeline, profile);
        return new Arm(endpoint, credentials.subscriptionId(), compute.serviceClient(),
                compute.networkManager().serviceClient(), containers.serviceClient(),
                compute.resourceManager().serviceClient(),
                new ArmCalls(config.lroTimeout(), config.lroPollInterval(), Redactor.of(credentials.clientSecret())));
    }

    private static TokenCredential credential(AzureCredentials credentials, AzureEnvironment environment, HttpClient http) {
        return new ClientSecretCredentialBuilder()
                .tenantId(credentials.tenantId())
                .clientId(credentials.clientId())
                .clientSecret(credentials.clientSecret())
                .authorityHost(credentials.authorityHost().orElse(environment.getActiveDirectoryEndpoint()))
                // The sign-in host is configured, never discovered: no call to a host nobody named.
                .disableInstanceDiscovery()
                .httpClient(http)
                .build();
    }

    private static RetryPolicy retryPolicy(AzureConfig config) {
        return new RetryPolicy(new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(config.maxRetries())
                .setBaseDelay(config.retryBaseDelay())
                .setMaxDelay(config.retryMaxDelay())));
    }
}
