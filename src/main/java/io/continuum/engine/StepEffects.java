package io.continuum.engine;

import io.continuum.state.NodeRecord;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The I/O the reconcile steps share: node rows in state, the clouds, the clock, progress reports,
 * and the bounded pool that runs the nodes of one level in parallel.
 */
final class StepEffects implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    final StateRepository repo;
    final Clouds clouds;
    final Clock clock;
    private final ExecutorService workers;

    StepEffects(StateRepository repo, Clouds clouds, Clock clock, int parallelism) {
        this.repo = repo;
        this.clouds = clouds;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "continuum-reconcile");
            t.setDaemon(true);
            return t;
        });
    }

    Instant now() {
        return clock.instant();
    }

    /** Writes one node row, unless nothing changed. */
    Stored<NodeRecord> save(Stored<NodeRecord> row, NodeRecord next) {
        return next.equals(row.value()) ? row : repo.updateNode(row, next);
    }

    static void report(Progress progress, String message) {
        LOG.info(message);
        progress.report(message);
    }

    /** Runs the tasks on the pool and returns their results in order; the first failure is rethrown. */
    <T> List<T> runAll(List<Callable<T>> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : workers.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reconcile interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
