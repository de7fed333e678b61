package dev.airlock.backup.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Snapshot ids: {@code yyyyMMdd'T'HHmmss'Z'-<8 hex>}, the snapshot's point in time (UTC) and a
 * random suffix. They sort by time as strings, so "latest" is the greatest id, and they are safe as
 * S3 key segments.
 */
public final class SnapshotId {
  private SnapshotId() {}

  private static final Pattern FORMAT = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A new id for a snapshot at {@code time}. */
  public static String generate(Instant time, RandomGenerator random) {
    byte[] suffix = new byte[4];
    random.nextBytes(suffix);
    return TIME.format(time) + "-" + HexFormat.of().formatHex(suffix);
  }

  /** Whether {@code id} is a well-formed snapshot id. */
  public static boolean isValid(String id) {
    return id != null && FORMAT.matcher(id).matches();
  }

  /**
   * Returns {@code id} if well formed.
   *
   * @throws IllegalArgumentException otherwise (the message does not echo the value)
   */
  public static String require(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException("snapshot id is malformed");
    }
    return id;
  }

  /** The {@code yyyyMM} month of a snapshot id (for the monthly series). */
  public static String month(String id) {
    return require(id).substring(0, 6);
  }
}
