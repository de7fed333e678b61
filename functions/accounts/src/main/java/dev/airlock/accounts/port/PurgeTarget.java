package dev.airlock.accounts.port;

import dev.airlock.accounts.domain.VersionRef;
import java.util.List;

/**
 * One region's versioned state bucket, as account deletion sees it: list versions (including delete
 * markers and versions of objects that are no longer current) and delete exact versions. Deleting
 * by version id is what really removes data from a versioned bucket; a plain delete only adds a
 * delete marker.
 *
 * <p>Failures throw {@link dev.airlock.core.state.StateStoreException} naming the operation and
 * prefix, never object contents.
 */
public interface PurgeTarget {

  /**
   * {@code primary} (the state bucket) or {@code standby} (the replica region's standby bucket).
   */
  String role();

  /** The bucket's AWS region. */
  String region();

  /** The bucket's name. */
  String bucket();

  /**
   * Up to {@code max} versions and delete markers whose key starts with {@code prefix}, in key
   * order (every version of a key before the next key). Fewer than {@code max} only when that is
   * every one there was when listed, so a caller that deleted a short listing need not list again.
   */
  List<VersionRef> listVersions(String prefix, int max);

  /**
   * Deletes exactly these versions. A version that is already gone counts as deleted (so a batch
   * can be deleted again after an interruption).
   *
   * @throws dev.airlock.core.state.StateStoreException if any version could not be deleted
   */
  void deleteVersions(List<VersionRef> versions);
}
