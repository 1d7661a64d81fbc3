package io.continuum.model;

import java.util.List;
import java.util.Map;

/**
 * How a node is configured at boot: {@code cloudinit} with a Jinja2 context template, or
 * {@code docker} (containers) with environment and command. {@code templateLocation} is where the
 * template's first character is: in the node definitions, or at 1:1 of an imported file.
 */
public record Contextualisation(String type, String contextTemplate, Location templateLocation,
                                Map<String, String> env, List<String> command) {

    public static final String CLOUDINIT = "cloudinit";
    public static final String DOCKER = "docker";
}
