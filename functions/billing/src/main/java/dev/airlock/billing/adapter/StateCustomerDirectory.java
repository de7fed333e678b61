package dev.airlock.billing.adapter;

import dev.airlock.billing.port.CustomerDirectory;
import dev.airlock.core.json.Json;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.state.StoredObject;
import dev.airlock.core.state.WriteResult;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@link CustomerDirectory} as plain JSON objects at {@link StateKeys#stripeCustomer(String)}
 * (customer id, account id, time), created with {@code If-None-Match: *} and never replaced.
 */
public final class StateCustomerDirectory implements CustomerDirectory {
  private final StateStore store;
  private final Clock clock;

  public StateCustomerDirectory(StateStore store, Clock clock) {
    if (store == null || clock == null) {
      throw new IllegalArgumentException("a state store and a clock are required");
    }
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Optional<String> accountFor(String customerId) {
    return store.get(StateKeys.stripeCustomer(customerId)).map(StateCustomerDirectory::account);
  }

  @Override
  public LinkResult link(String customerId, String accountId) {
    String key = StateKeys.stripeCustomer(customerId);
    byte[] record =
        Json.write(new CustomerLink(customerId, StateKeys.account(accountId), clock.instant()));
    WriteResult created = store.createIfAbsent(key, record, Map.of());
    if (created.written()) {
      return LinkResult.LINKED;
    }
    String existing =
        store
            .get(key)
            .map(StateCustomerDirectory::account)
            .orElseThrow(() -> new StateStoreException("customer link vanished: " + key));
    return existing.equals(accountId)
        ? LinkResult.ALREADY_LINKED
        : LinkResult.LINKED_TO_OTHER_ACCOUNT;
  }

  private static String account(StoredObject o) {
    String account = Json.read(o.value(), CustomerLink.class).accountId();
    return StateKeys.account(account);
  }
}
