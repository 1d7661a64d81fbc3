package io.continuum.state;

public enum OperationKind { DEPLOY, EXTEND, SCALE, DESTROY, MAINTAIN, MIGRATE, ROLLBACK }
