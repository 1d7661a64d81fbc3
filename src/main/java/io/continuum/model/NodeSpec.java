package io.continuum.model;

import java.util.Map;

/** A node of the infrastructure description: a named group of identical instances of one node type. */
public record NodeSpec(String name, String type, Scaling scaling, Map<String, Object> variables,
                       Map<String, Object> filter, Location location) {
}
