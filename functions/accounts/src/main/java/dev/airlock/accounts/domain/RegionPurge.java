package dev.airlock.accounts.domain;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What a deletion removed from one region's state bucket.
 *
 * @param role {@code primary} (the state bucket) or {@code standby} (the replica region's standby
 *     state bucket)
 * @param region the bucket's AWS region
 * @param bucket the bucket's name
 * @param objects distinct object keys removed (every version of each)
 * @param versions object versions and delete markers removed
 */
@Serdeable
public record RegionPurge(String role, String region, String bucket, long objects, long versions) {
  public RegionPurge {
    if (role == null || region == null || bucket == null || objects < 0 || versions < 0) {
      throw new IllegalArgumentException("a region purge needs role, region, bucket and counts");
    }
  }
}
