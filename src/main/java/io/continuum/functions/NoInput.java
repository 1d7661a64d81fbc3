package io.continuum.functions;

/** Body of functions that take no input (list, maintain); an empty JSON object or no body. */
public record NoInput() {
}
