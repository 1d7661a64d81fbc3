package io.continuum.functions;

/** Body of maintain: empty for every infrastructure, or {@code {shard, shards}} for one part of them. */
public record MaintainRequest(Integer shard, Integer shards) {
}
