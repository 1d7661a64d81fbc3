package io.continuum.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys and names. Bounded, because both the word and the candidates
 * come from the user: edit distance is quadratic in length and linear in the number of candidates.
 */
public final class Suggest {

    /** Longer than any name or key: such a word is not a typo of one. */
    static final int MAX_LENGTH = 64;
    /** Beyond this many candidates a guess is noise, and its cost grows with every candidate. */
    static final int MAX_CANDIDATES = 1000;

    private Suggest() {
    }

    public static Optional<String> closest(String word, Collection<String> candidates) {
        if (word.length() > MAX_LENGTH || candidates.size() > MAX_CANDIDATES) {
            return Optional.empty();
        }
        int limit = Math.max(2, word.length() / 4);
        String w = word.toLowerCase();
        return candidates.stream()
                .filter(c -> c.length() <= MAX_LENGTH && Math.abs(c.length() - word.length()) <= limit)
                .map(c -> new Scored(c, distance(w, c.toLowerCase(), limit)))
                .filter(s -> s.distance() <= limit)
                .min(Comparator.comparingInt(Scored::distance))
                .map(Scored::candidate);
    }

    private record Scored(String candidate, int distance) {
    }

    /** Levenshtein distance, or {@code limit + 1} as soon as it must exceed {@code limit}. */
    static int distance(String a, String b, int limit) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
