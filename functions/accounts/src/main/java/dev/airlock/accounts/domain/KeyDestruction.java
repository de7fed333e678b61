package dev.airlock.accounts.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One copy of a tenant key (the multi-region primary or a replica) and where its destruction
 * stands.
 *
 * @param region the key's region
 * @param arn the key's ARN in that region
 * @param state its KMS key state as last seen ({@code Disabled}, {@code PendingDeletion}, {@code
 *     PendingReplicaDeletion}, ...)
 * @param deletionDate when KMS deletes it, if KMS named a date (a primary waiting for its replicas
 *     has none yet)
 */
@Serdeable
public record KeyDestruction(
    String region, String arn, String state, @Nullable Instant deletionDate) {
  public KeyDestruction {
    if (region == null || arn == null || state == null) {
      throw new IllegalArgumentException("a key needs region, ARN and state");
    }
  }
}
