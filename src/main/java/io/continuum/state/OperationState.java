package io.continuum.state;

/** CANCELLED: stopped by {@code cancel}, or superseded by a {@code destroy}. */
public enum OperationState { RUNNING, SUCCEEDED, FAILED, CANCELLED }
