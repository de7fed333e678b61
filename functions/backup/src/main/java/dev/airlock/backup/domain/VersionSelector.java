package dev.airlock.backup.domain;

import dev.airlock.backup.port.StateSource.StateVersion;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Picks, for each key, the version that was current at a point in time: the newest entry written
 * strictly before it, unless that entry is a delete marker (then the key did not exist). Versions
 * written at or after that time are ignored, so writes during a snapshot cannot tear it.
 *
 * <p>Streams: it holds one key's entries at most, whatever the bucket's size. Input must be grouped
 * by key with each key's entries newest first, as {@code ListObjectVersions} returns them.
 */
public final class VersionSelector implements Iterator<StateVersion> {
  private final Iterator<StateVersion> versions;
  private final Instant cut;
  private StateVersion lookahead;
  private StateVersion next;

  /**
   * @param versions every version and delete marker, grouped by key, newest first per key
   * @param cut the snapshot's point in time; only entries written strictly before it count
   */
  public VersionSelector(Iterator<StateVersion> versions, Instant cut) {
    this.versions = versions;
    this.cut = cut;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      StateVersion first =
          lookahead != null ? lookahead : (versions.hasNext() ? versions.next() : null);
      lookahead = null;
      if (first == null) {
        return false;
      }
      StateVersion chosen = first.lastModified().isBefore(cut) ? first : null;
      while (versions.hasNext()) {
        StateVersion v = versions.next();
        if (!v.key().equals(first.key())) {
          lookahead = v;
          break;
        }
        if (chosen == null && v.lastModified().isBefore(cut)) {
          chosen = v;
        }
      }
      if (chosen != null && !chosen.deleteMarker()) {
        next = chosen;
      }
    }
    return true;
  }

  @Override
  public StateVersion next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    StateVersion v = next;
    next = null;
    return v;
  }
}
