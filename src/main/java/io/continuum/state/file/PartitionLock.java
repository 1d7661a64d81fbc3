package io.continuum.state.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one partition directory, across threads and processes. A file lock alone
 * is held per JVM (a second lock on the same file from this JVM would fail, not wait), so threads
 * first queue on an in-process lock shared by every store instance, then take the file lock.
 * <p>
 * The file lock is polled ({@code tryLock}), never waited for ({@code lock}). On Linux a waiting
 * lock runs the kernel's deadlock detection, which takes a whole process as one owner: when a thread
 * of process A holds partition X and waits for Y while a thread of process B holds Y and waits for X
 * (held by another of A's threads), the kernel answers EDEADLK ("Resource deadlock avoided") although
 * no thread waits for itself. Several function instances sharing the store met that under load. A
 * thread here holds one partition at a time, so polling cannot deadlock; it is bounded by {@link #WAIT}.
 */
final class PartitionLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";
    /** How long a thread waits for another process to release a partition; then the store is unavailable. */
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final long LONGEST_PAUSE_MS = 16;

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;

    private PartitionLock(ReentrantLock local, FileChannel channel) {
        this.local = local;
        this.channel = channel;
    }

    static PartitionLock acquire(Path partitionDir) throws IOException {
        Path lockFile = partitionDir.toRealPath().resolve(FILE_NAME);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lockFile(channel, lockFile);
            return new PartitionLock(local, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    private static void lockFile(FileChannel channel, Path lockFile) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (long pauseMs = 1; channel.tryLock() == null; pauseMs = Math.min(2 * pauseMs, LONGEST_PAUSE_MS)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("another process has held " + lockFile + " for over " + WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + lockFile);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close(); // releases the file lock
        } finally {
            local.unlock();
        }
    }
}
