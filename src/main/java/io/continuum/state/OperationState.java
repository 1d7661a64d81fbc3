package io.continuum.state;

public enum OperationState { RUNNING, SUCCEEDED, FAILED }
