package io.continuum.functions;

/** Body of scale: a node of an infrastructure, and either a target count ({@code to}) or a change ({@code by}). */
public record ScaleRequest(String infraId, String node, Integer to, Integer by) {
}
