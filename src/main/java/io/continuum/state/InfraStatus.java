package io.continuum.state;

public enum InfraStatus { ACTIVE, DESTROYING }
