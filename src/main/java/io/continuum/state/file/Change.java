package io.continuum.state.file;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A checked write ready to apply: the row's new ETag and data, or a deletion when data is null. */
// Written to the partition journal as JSON (Jackson); the native executable needs it registered.
@RegisterForReflection(registerFullHierarchy = true)
record Change(String key, String etag, String data) {

    static Change deletion(String key) {
        return new Change(key, null, null);
    }

    @JsonIgnore
    boolean isDeletion() {
        return data == null;
    }
}
