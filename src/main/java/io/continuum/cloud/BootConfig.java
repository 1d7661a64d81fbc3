package io.continuum.cloud;

import java.util.List;
import java.util.Map;

/**
 * The rendered contextualisation handed to a cloud: cloud-init user data for VMs and local
 * processes, environment and command for containers.
 */
public record BootConfig(String userData, Map<String, String> env, List<String> command) {
}
