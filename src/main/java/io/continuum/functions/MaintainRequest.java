package io.continuum.functions;

import io.continuum.engine.MaintenanceService;
import io.continuum.engine.ValidationException;

/** Body of maintain: empty for every infrastructure, or {@code {shard, shards}} for one part of them. */
public record MaintainRequest(Integer shard, Integer shards) {

    MaintenanceService.Shard toShard() {
        if (shard == null && shards == null) {
            return MaintenanceService.Shard.ALL;
        }
        if (shards == null || shards < 1 || shards > 10_000) {
            throw ValidationException.field("shards", "give 'shards' from 1 to 10000 together with 'shard'");
        }
        if (shard == null || shard < 0 || shard >= shards) {
            throw ValidationException.field("shard", "give 'shard' from 0 to " + (shards - 1) + " (one less than 'shards')");
        }
        return new MaintenanceService.Shard(shard, shards);
    }
}
