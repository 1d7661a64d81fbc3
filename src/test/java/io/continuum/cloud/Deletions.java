package io.continuum.cloud;

import java.time.Duration;
import java.time.Instant;

/** Drives {@link ResourceHandler#delete} as the engine's reconcile steps do: called again until it reports the resource gone. */
public final class Deletions {

    public static final int MAX_CALLS = 40;
    public static final Duration MAX_TIME = Duration.ofSeconds(30);

    private Deletions() {
    }

    /** @return how many calls it took, bounded by {@link #MAX_CALLS} and {@link #MAX_TIME} */
    public static int untilGone(ResourceHandler handler, ResourceRef ref) {
        Instant deadline = Instant.now().plus(MAX_TIME);
        for (int calls = 1; calls <= MAX_CALLS && Instant.now().isBefore(deadline); calls++) {
            if (handler.delete(ref)) {
                return calls;
            }
        }
        throw new AssertionError(ref.name() + " is not gone after " + MAX_CALLS + " calls or " + MAX_TIME);
    }
}
