package io.continuum.engine;

import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Advances operations on threads of this process until they finish: the local mode, where the
 * process outlives a request. Each operation runs on one thread at a time.
 */
public final class InProcessDriver implements OperationDriver, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InProcessDriver.class);

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "continuum-operation");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final OperationRunner runner;

    public InProcessDriver(OperationRunner runner) {
        this.runner = runner;
    }

    @Override
    public void submit(String operationId) {
        if (!running.add(operationId)) {
            return;
        }
        threads.submit(() -> {
            try {
                Advance a;
                do {
                    a = runner.advance(operationId);
                } while (a == Advance.MORE);
                if (a == Advance.BLOCKED) {
                    LOG.infof("operation %s waits: another holder has its infrastructure", operationId);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "operation %s stopped; the maintain pass resumes it", operationId);
            } finally {
                running.remove(operationId);
            }
        });
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
