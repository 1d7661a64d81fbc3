package io.continuum.engine;

public enum Action {
    /** A new instance (or one whose creation was interrupted) is created. */
    CREATE,
    /** A failed or vanished instance is replaced by a fresh resource, keeping its id and index. */
    RECREATE,
    /** An instance is removed: scale-down, node removed from the description, destroy. */
    DELETE
}
