package io.continuum.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of one parse so that the user sees all of them at once, up to a limit:
 * a hostile document can hold problems by the hundred thousand, and listing them helps no one.
 */
public final class Problems {

    public static final int LIMIT = 100;

    private final List<Problem> list = new ArrayList<>();
    private boolean errors;
    private int dropped;
    private String lastFile;

    public void error(Location location, String path, String message) {
        add(new Problem(Severity.ERROR, location, path, message));
    }

    public void warning(Location location, String path, String message) {
        add(new Problem(Severity.WARNING, location, path, message));
    }

    private void add(Problem p) {
        errors |= p.severity() == Severity.ERROR;
        if (list.size() < LIMIT) {
            list.add(p);
        } else {
            dropped++;
            lastFile = p.location().file();
        }
    }

    public boolean hasErrors() {
        return errors;
    }

    /** Nothing found from now on can change the outcome or the list: checks may stop early. */
    public boolean saturated() {
        return errors && list.size() >= LIMIT;
    }

    public List<Problem> all() {
        if (dropped == 0) {
            return List.copyOf(list);
        }
        List<Problem> out = new ArrayList<>(list);
        out.add(new Problem(errors ? Severity.ERROR : Severity.WARNING, Location.ofFile(lastFile), "",
                "more problems not listed: only the first " + LIMIT + " are reported"));
        return List.copyOf(out);
    }
}
