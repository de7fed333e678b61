package dev.airlock.accounts.domain;

/**
 * Called when a deletion passes a {@link DeletionCheckpoint}. Tests throw from it to simulate a
 * crash at that point; whatever it throws aborts the deletion (and is audited as a failure).
 */
@FunctionalInterface
public interface DeletionHook {

  /** Does nothing: the production hook. */
  DeletionHook NONE = checkpoint -> {};

  void reached(DeletionCheckpoint checkpoint);
}
