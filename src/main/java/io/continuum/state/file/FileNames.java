package io.continuum.state.file;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Turns partitions and row keys into file names any file system accepts: letters, digits, '-' and
 * '_' stay, every other byte of the UTF-8 form becomes %XX (so {@code node:kafka-3} is stored as
 * {@code node%3Akafka-3}). Encoded names never start with '.', which leaves dot-names to the store.
 */
final class FileNames {

    /** Most file systems allow 255 bytes; leave room for the suffix. */
    static final int MAX_BYTES = 240;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FileNames() {
    }

    static String encode(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            if (isPlain(b)) {
                sb.append((char) b);
            } else {
                sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        if (sb.length() > MAX_BYTES) {
            throw new IllegalArgumentException("'" + name + "' is too long for the file store: its file name would be "
                    + sb.length() + " bytes, at most " + MAX_BYTES + " allowed");
        }
        return sb.toString();
    }

    /** Encoded names hold no '+', so URL decoding restores them exactly. */
    static String decode(String fileName) {
        return URLDecoder.decode(fileName, StandardCharsets.UTF_8);
    }

    private static boolean isPlain(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
    }
}
