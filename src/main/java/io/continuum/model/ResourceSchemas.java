package io.continuum.model;

import java.util.List;
import java.util.Optional;

/** The resource types a parser accepts, each with its cloud's schema, in the order they are listed to users. */
public record ResourceSchemas(List<ResourceSchema> all) {

    public ResourceSchemas {
        all = List.copyOf(all);
    }

    Optional<ResourceSchema> of(String type) {
        return all.stream().filter(s -> s.type().equals(type)).findFirst();
    }

    List<String> types() {
        return all.stream().map(ResourceSchema::type).toList();
    }
}
