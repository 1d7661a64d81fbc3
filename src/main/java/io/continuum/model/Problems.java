package io.continuum.model;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one parse so that the user sees all of them at once. */
public final class Problems {

    private final List<Problem> list = new ArrayList<>();

    public void error(Location location, String path, String message) {
        list.add(new Problem(Severity.ERROR, location, path, message));
    }

    public void warning(Location location, String path, String message) {
        list.add(new Problem(Severity.WARNING, location, path, message));
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(p -> p.severity() == Severity.ERROR);
    }

    public List<Problem> all() {
        return List.copyOf(list);
    }
}
