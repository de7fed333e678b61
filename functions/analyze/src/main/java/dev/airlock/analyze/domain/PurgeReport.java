package dev.airlock.analyze.domain;

/**
 * What deleting a sandbox removed, and whether the directory is verifiably gone.
 *
 * @param files files and links removed (links themselves, never their targets)
 * @param directories directories removed
 * @param bytes bytes of the removed files
 * @param verifiedAbsent whether the sandbox path no longer exists afterwards
 * @param failure a short reason if something could not be removed, else {@code null}
 */
public record PurgeReport(
    long files, long directories, long bytes, boolean verifiedAbsent, String failure) {

  public boolean succeeded() {
    return verifiedAbsent && failure == null;
  }

  /** Adds another report's counts (for a sandbox purged in several steps). */
  public PurgeReport plus(PurgeReport other) {
    return new PurgeReport(
        files + other.files,
        directories + other.directories,
        bytes + other.bytes,
        other.verifiedAbsent,
        failure != null ? failure : other.failure);
  }
}
