package dev.airlock.emulators.kms;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One KMS key in one region. Mutable, and only touched while {@link KmsStore}'s lock is held. A
 * multi-region key has one record per region, all with the same id and material; {@code
 * primaryRegion} says which of them is the primary.
 *
 * <p>No {@code toString}: the record holds key material.
 */
final class KeyRecord {
  final String keyId;
  final String region;
  final Instant creationDate;
  final boolean multiRegion;

  /** Region of the multi-region primary; {@code null} for a single-region key. */
  String primaryRegion;

  private final byte[] material;
  String description;
  KeyState state = KeyState.ENABLED;
  Instant deletionDate;
  Integer pendingWindowInDays;
  boolean rotationEnabled;
  int rotationPeriodInDays = 365;
  Instant rotationEnabledAt;
  final Map<String, String> tags = new TreeMap<>();

  KeyRecord(
      String keyId,
      String region,
      Instant creationDate,
      boolean multiRegion,
      String primaryRegion,
      byte[] material,
      String description) {
    if (material.length != CiphertextEnvelope.KEY_LENGTH) {
      throw new IllegalArgumentException("key material must be 256 bits");
    }
    this.keyId = keyId;
    this.region = region;
    this.creationDate = creationDate;
    this.multiRegion = multiRegion;
    this.primaryRegion = primaryRegion;
    this.material = material.clone();
    this.description = description;
  }

  /** A copy of the key material; the caller zeroes it after use. */
  byte[] material() {
    return material.clone();
  }

  boolean isPrimary() {
    return multiRegion && region.equals(primaryRegion);
  }

  boolean isReplica() {
    return multiRegion && !region.equals(primaryRegion);
  }

  @Override
  public String toString() {
    return "KeyRecord[" + region + "/" + keyId + ", " + state.wireName() + "]";
  }
}
