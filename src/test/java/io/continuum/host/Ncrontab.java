package io.continuum.host;

import java.time.Duration;

/**
 * The period of a 6-field NCRONTAB schedule ({@code second minute hour day month day-of-week}), for
 * the "every N" forms a timer's {@code function.json} uses: {@code *}{@code /N * * * * *} (every N seconds),
 * {@code 0 *}{@code /N * * * *} (every N minutes) and {@code 0 0 *}{@code /N * * *} (every N hours).
 * Anything else is refused rather than guessed.
 */
final class Ncrontab {

    private Ncrontab() {
    }

    static Duration period(String schedule) {
        String[] f = schedule.trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("NCRONTAB needs 6 fields (second minute hour day month day-of-week): '" + schedule + "'");
        }
        boolean restAny = f[3].equals("*") && f[4].equals("*") && f[5].equals("*");
        if (restAny && f[1].equals("*") && f[2].equals("*") && every(f[0]) > 0) {
            return Duration.ofSeconds(every(f[0]));
        }
        if (restAny && f[0].equals("0") && f[2].equals("*") && every(f[1]) > 0) {
            return Duration.ofMinutes(every(f[1]));
        }
        if (restAny && f[0].equals("0") && f[1].equals("0") && every(f[2]) > 0) {
            return Duration.ofHours(every(f[2]));
        }
        throw new IllegalArgumentException("only the '*/N' seconds, '0 */N' minutes and '0 0 */N' hours forms are emulated: '"
                + schedule + "'");
    }

    /** N of {@code *}{@code /N}, 0 for anything else. */
    private static int every(String field) {
        if (!field.startsWith("*/")) {
            return 0;
        }
        try {
            return Integer.parseInt(field.substring(2));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
