package dev.airlock.core.tenant;

import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;

/**
 * The tombstone of a deleted account: its deletion progress record ({@link
 * StateKeys#deletionProgress}), created before the deletion changes anything and never removed. A
 * deleted account id stays closed: functions that would create an account (its profile, its tenant
 * key) check here first and refuse, so a late or replayed webhook cannot bring the account back
 * with a fresh key once the old one is gone. Re-admitting the same id is a deliberate operator act,
 * not something any function does.
 *
 * <p>The check is a read of one identifiers-only object; it throws {@link
 * dev.airlock.core.state.StateStoreException} if the store cannot be asked (callers fail closed).
 */
public final class DeletedAccounts {
  private final StateStore store;

  public DeletedAccounts(StateStore store) {
    if (store == null) {
      throw new IllegalArgumentException("a state store is required");
    }
    this.store = store;
  }

  /** Whether the account's deletion has started (or finished). */
  public boolean isDeleted(String accountId) {
    return store.get(StateKeys.deletionProgress(accountId)).isPresent();
  }
}
