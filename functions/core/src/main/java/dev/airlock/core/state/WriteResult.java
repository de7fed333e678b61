package dev.airlock.core.state;

/** Outcome of a conditional write: written with a new ETag, or a conflict (lost race / exists). */
public sealed interface WriteResult {

  /** The write happened; {@code etag} identifies the new version. */
  record Written(String etag) implements WriteResult {}

  /**
   * The precondition failed: the object exists (create) or changed (replace). Nothing was written.
   */
  record Conflict(String key) implements WriteResult {}

  default boolean written() {
    return this instanceof Written;
  }
}
