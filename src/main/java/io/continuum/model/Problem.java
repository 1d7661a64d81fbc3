package io.continuum.model;

/** One thing wrong with a user's input, located precisely enough to fix it without guessing. */
public record Problem(Severity severity, Location location, String path, String message) {

    @Override
    public String toString() {
        String where = location + (path == null || path.isEmpty() ? "" : " " + path);
        return (severity == Severity.WARNING ? "warning: " : "") + where + ": " + message;
    }
}
