package io.continuum.model;

/** Where in a user's file something is; line and column are 1-based, 0 when the whole file is meant. */
public record Location(String file, int line, int column) {

    public static Location ofFile(String file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
