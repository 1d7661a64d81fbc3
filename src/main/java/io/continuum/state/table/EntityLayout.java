package io.continuum.state.table;

import io.continuum.state.StateTooLargeException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a row's data is laid out in a Table Storage entity. A string property holds at most 64 KiB
 * (32 Ki UTF-16 chars), so the data is cut into properties d0, d1, ... and joined when read. The
 * whole entity must stay within 1 MiB, sized the way Azure documents it.
 */
final class EntityLayout {

    static final int MAX_ENTITY_BYTES = 1024 * 1024;
    /** Below the 32,768-char property limit, with a margin. */
    static final int CHUNK_CHARS = 32_000;
    private static final String PREFIX = "d";

    private EntityLayout() {
    }

    static Map<String, Object> properties(String partition, String key, String data) {
        Map<String, Object> properties = new LinkedHashMap<>();
        int start = 0;
        int index = 0;
        do {
            int end = Math.min(data.length(), start + CHUNK_CHARS);
            if (end < data.length() && Character.isHighSurrogate(data.charAt(end - 1))) {
                end--; // keep a surrogate pair in one property: half a pair is not valid text
            }
            properties.put(PREFIX + index++, data.substring(start, end));
            start = end;
        } while (start < data.length());
        long size = entityBytes(partition, key, properties);
        if (size > MAX_ENTITY_BYTES) {
            throw new StateTooLargeException("state row '" + key + "' of partition '" + partition + "' would be a "
                    + size + "-byte Table Storage entity; the limit is " + MAX_ENTITY_BYTES + " bytes (1 MiB)");
        }
        return properties;
    }

    static String data(Map<String, Object> properties) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; properties.get(PREFIX + i) instanceof String chunk; i++) {
            sb.append(chunk);
        }
        return sb.toString();
    }

    /**
     * Azure's documented estimate: 4 + 2 × (partition key + row key length), plus per string
     * property 8 + 2 × name length + 4 + 2 × value length.
     */
    static long entityBytes(String partition, String key, Map<String, Object> properties) {
        long bytes = 4L + 2L * (partition.length() + key.length());
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            bytes += 8 + 2L * p.getKey().length() + 4 + 2L * ((String) p.getValue()).length();
        }
        return bytes;
    }
}
