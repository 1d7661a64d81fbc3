package io.continuum.state;

/**
 * One stored document: a partition (one infrastructure), a key within it, its JSON text, and the
 * ETag of the stored version. Shaped after an Azure Table Storage entity so both stores fit.
 */
public record Row(String partition, String key, String data, String etag) {
}
