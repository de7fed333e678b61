package dev.airlock.backup.domain;

/**
 * Where a snapshot lives in a backup bucket: {@code <series>/<id>/manifest.json} and {@code
 * <series>/<id>/archive}. The series is {@code snapshots} (hourly, kept 35 days by the bucket's
 * lifecycle) or {@code monthly} (the first snapshot of each month, kept a year).
 *
 * @param series {@link #HOURLY} or {@link #MONTHLY}
 * @param id a {@link SnapshotId}
 */
public record SnapshotRef(String series, String id) implements Comparable<SnapshotRef> {
  public static final String HOURLY = "snapshots";
  public static final String MONTHLY = "monthly";
  public static final String MANIFEST = "manifest.json";
  public static final String ARCHIVE = "archive";

  public SnapshotRef {
    if (!HOURLY.equals(series) && !MONTHLY.equals(series)) {
      throw new IllegalArgumentException("unknown snapshot series");
    }
    SnapshotId.require(id);
  }

  public String manifestKey() {
    return series + "/" + id + "/" + MANIFEST;
  }

  public String archiveKey() {
    return series + "/" + id + "/" + ARCHIVE;
  }

  /** Parses a manifest key back into a reference, or null if it is not one. */
  public static SnapshotRef fromManifestKey(String key) {
    if (key == null || !key.endsWith("/" + MANIFEST)) {
      return null;
    }
    String[] parts = key.split("/");
    if (parts.length != 3
        || !(HOURLY.equals(parts[0]) || MONTHLY.equals(parts[0]))
        || !SnapshotId.isValid(parts[1])) {
      return null;
    }
    return new SnapshotRef(parts[0], parts[1]);
  }

  /** By id (time), then series. */
  @Override
  public int compareTo(SnapshotRef o) {
    int c = id.compareTo(o.id);
    return c != 0 ? c : series.compareTo(o.series);
  }
}
