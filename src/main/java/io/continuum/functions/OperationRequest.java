package io.continuum.functions;

/** Body of operation. */
public record OperationRequest(String operationId) {
}
