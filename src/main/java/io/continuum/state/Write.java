package io.continuum.state;

/** One write of a batch: all writes of a batch hit one partition and apply together or not at all. */
public record Write(Kind kind, String key, String data, String etag) {

    public enum Kind { INSERT, REPLACE, UPSERT, DELETE }

    public static Write insert(String key, String data) {
        return new Write(Kind.INSERT, key, data, null);
    }

    public static Write replace(Row row, String data) {
        return new Write(Kind.REPLACE, row.key(), data, row.etag());
    }

    public static Write upsert(String key, String data) {
        return new Write(Kind.UPSERT, key, data, null);
    }

    public static Write delete(Row row) {
        return new Write(Kind.DELETE, row.key(), null, row.etag());
    }
}
