package dev.airlock.billing.adapter;

import dev.airlock.billing.domain.MarkerState;
import dev.airlock.billing.port.EventMarkers;
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
 * {@link EventMarkers} as plain JSON objects at {@link StateKeys#stripeEventMarker(String)}: event
 * id, type, state and time. Created with {@code If-None-Match: *}, moved on with {@code If-Match}.
 */
public final class StateEventMarkers implements EventMarkers {
  private static final int MAX_ATTEMPTS = 3;

  private final StateStore store;
  private final Clock clock;

  public StateEventMarkers(StateStore store, Clock clock) {
    if (store == null || clock == null) {
      throw new IllegalArgumentException("a state store and a clock are required");
    }
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Claim claim(String eventId, String type) {
    String key = StateKeys.stripeEventMarker(eventId);
    byte[] record = encode(eventId, type, MarkerState.RECEIVED);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      WriteResult created = store.createIfAbsent(key, record, Map.of());
      if (created instanceof WriteResult.Written w) {
        return new Claim(eventId, w.etag(), Optional.empty());
      }
      Optional<StoredObject> existing = store.get(key);
      if (existing.isPresent()) {
        return new Claim(eventId, existing.get().etag(), Optional.of(state(existing.get())));
      }
      // Deleted between our create and read (an operator cleaning up): try again.
    }
    throw new StateStoreException("could not claim marker " + key);
  }

  @Override
  public void finish(Claim claim, String type, MarkerState state) {
    String key = StateKeys.stripeEventMarker(claim.eventId());
    // A conflict means another delivery of the event moved the marker on: its state stands.
    store.replaceIfMatch(key, encode(claim.eventId(), type, state), claim.etag(), Map.of());
  }

  private byte[] encode(String eventId, String type, MarkerState state) {
    return Json.write(new MarkerRecord(eventId, type, state.name(), clock.instant()));
  }

  /** An unreadable marker is treated as RECEIVED: processing again is always safe. */
  private static MarkerState state(StoredObject o) {
    try {
      return MarkerState.valueOf(Json.read(o.value(), MarkerRecord.class).state());
    } catch (IllegalArgumentException | NullPointerException e) {
      return MarkerState.RECEIVED;
    }
  }
}
