package io.continuum.model;

public enum Severity { ERROR, WARNING }
