package io.continuum.state.file;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.state.Row;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files of one partition, used only while its {@link PartitionLock} is held. A row is one file
 * ({@code <encoded key>.row}: the ETag on the first line, the data after it), replaced by writing a
 * temporary file and renaming it over the old one, so a reader never sees half a row. A batch of
 * several rows is first written whole to a journal, the one file it flushes to disk; a batch
 * interrupted by a crash is completed from the journal by the next one to lock the partition.
 */
final class PartitionDir {

    private static final String ROW_SUFFIX = ".row";
    private static final String JOURNAL = ".batch";
    private static final String TEMP_PREFIX = ".tmp-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Change>> CHANGES = new TypeReference<>() {
    };

    private final String partition;
    private final Path dir;

    PartitionDir(String partition, Path dir) {
        this.partition = partition;
        this.dir = dir;
    }

    Optional<Row> read(String key) throws IOException {
        return readFile(key, rowFile(key));
    }

    /** Rows whose key starts with {@code prefix}, in key order. */
    List<Row> readAll(String prefix) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(ROW_SUFFIX) && !name.startsWith(".")) {
                    String key = FileNames.decode(name.substring(0, name.length() - ROW_SUFFIX.length()));
                    if (key.startsWith(prefix)) {
                        readFile(key, file).ifPresent(rows::add);
                    }
                }
            }
        }
        rows.sort(Comparator.comparing(Row::key));
        return rows;
    }

    void apply(List<Change> changes) throws IOException {
        if (changes.size() == 1) {
            applyEach(changes, false);
            return;
        }
        Path journal = dir.resolve(JOURNAL);
        writeAtomically(journal, JSON.writeValueAsBytes(changes));
        // The journal, flushed once, holds the batch until every row is written: rows are written in
        // place, neither flushed nor renamed (a rename over a row makes ext4 flush it), since a reader
        // locks the partition and so finds any batch a dead writer left half done completed first.
        applyEach(changes, true);
        Files.delete(journal);
    }

    /** Completes a batch a crashed writer left half done, and drops its temporary files. */
    void recover() throws IOException {
        Path journal = dir.resolve(JOURNAL);
        if (Files.exists(journal)) {
            applyEach(JSON.readValue(journal.toFile(), CHANGES), false);
            Files.delete(journal);
        }
    }

    void deleteTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void applyEach(List<Change> changes, boolean journaled) throws IOException {
        for (Change change : changes) {
            Path file = rowFile(change.key());
            byte[] content = change.isDeletion() ? null : (change.etag() + "\n" + change.data()).getBytes(StandardCharsets.UTF_8);
            if (content == null) {
                Files.deleteIfExists(file);
            } else if (journaled) {
                overwrite(file, content);
            } else {
                writeAtomically(file, content);
            }
        }
    }

    /** Writes over a file from its start and cuts it to length (never to zero, which would make ext4 flush it on close). */
    private static void overwrite(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            write(channel, content);
            channel.truncate(content.length);
        }
    }

    private static void write(FileChannel channel, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private Optional<Row> readFile(String key, Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int newline = text.indexOf('\n');
        if (newline < 0) {
            throw new IOException("row file " + file + " is damaged: no ETag line");
        }
        return Optional.of(new Row(partition, key, text.substring(newline + 1), text.substring(0, newline)));
    }

    private void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            write(channel, content);
            channel.force(true); // the rename must never publish a file whose content is still in flight
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path rowFile(String key) {
        return dir.resolve(FileNames.encode(key) + ROW_SUFFIX);
    }
}
