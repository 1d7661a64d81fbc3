package io.continuum.cloud.azure.arm;

import io.continuum.cloud.ResourceState;

import java.util.Locale;

/** What ARM's provisioning and run states mean for Continuum. Pure. */
public final class AzureStates {

    private AzureStates() {
    }

    /**
     * @param powerState the {@code PowerState/...} code of the instance view without its prefix
     *                   ({@code running}, {@code deallocated}, ...), null when not reported yet
     */
    public static ResourceState vm(String provisioningState, String powerState) {
        String provisioning = lower(provisioningState);
        String power = lower(powerState);
        return switch (provisioning) {
            case "failed" -> ResourceState.FAILED;
            case "deleting" -> ResourceState.GONE;
            case "succeeded" -> switch (power) {
                case "running" -> ResourceState.RUNNING;
                // A stopped or deallocated VM serves nothing; the engine decides whether to replace it.
                case "stopping", "stopped", "deallocating", "deallocated" -> ResourceState.FAILED;
                default -> ResourceState.PENDING;
            };
            default -> ResourceState.PENDING;
        };
    }

    /** @param instanceState the container group's instance view state ({@code Running}, {@code Stopped}, ...) */
    public static ResourceState containerGroup(String provisioningState, String instanceState) {
        String provisioning = lower(provisioningState);
        String instance = lower(instanceState);
        return switch (provisioning) {
            case "failed", "unhealthy" -> ResourceState.FAILED;
            case "deleting" -> ResourceState.GONE;
            case "succeeded" -> switch (instance) {
                case "running" -> ResourceState.RUNNING;
                // Restart policy is Always: a group that stopped or ended is not coming back by itself.
                case "stopped", "failed", "succeeded" -> ResourceState.FAILED;
                default -> ResourceState.PENDING;
            };
            default -> ResourceState.PENDING;
        };
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
