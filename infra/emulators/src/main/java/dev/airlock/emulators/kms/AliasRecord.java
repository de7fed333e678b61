package dev.airlock.emulators.kms;

import java.time.Instant;

/** An alias in one region: {@code alias/<name>} pointing at a key id. */
record AliasRecord(
    String aliasName, String targetKeyId, Instant creationDate, Instant lastUpdatedDate) {}
