package io.continuum.state.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one partition directory, across threads and processes. A file lock alone
 * is held per JVM (a second lock on the same file from this JVM would fail, not wait), so threads
 * first queue on an in-process lock shared by every store instance, then take the file lock.
 */
final class PartitionLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

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
            channel.lock();
            return new PartitionLock(local, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
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
