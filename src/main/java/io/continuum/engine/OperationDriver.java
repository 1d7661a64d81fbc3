package io.continuum.engine;

/**
 * Who advances accepted operations: in-process threads locally; in Azure Functions nothing runs
 * after a response, so there the {@code advance} timer calls {@link OperationRunner} instead.
 */
public interface OperationDriver {

    void submit(String operationId);
}
