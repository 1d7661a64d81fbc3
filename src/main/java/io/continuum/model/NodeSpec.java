package io.continuum.model;

import java.util.Map;

/**
 * A node of the infrastructure description: a named group of identical instances of one node type.
 *
 * @param location     where the node's entry is; {@code nameLocation} and {@code typeLocation}: where its name and type are
 */
public record NodeSpec(String name, String type, Scaling scaling, Map<String, Object> variables,
                       Map<String, Object> filter, Location location, Location nameLocation, Location typeLocation) {
}
