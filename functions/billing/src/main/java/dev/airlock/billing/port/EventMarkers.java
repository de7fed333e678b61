package dev.airlock.billing.port;

import dev.airlock.billing.domain.MarkerState;
import java.util.Optional;

/**
 * Idempotency markers, one per Stripe event id ({@code markers/stripe-events/<evt>}), holding
 * identifiers and a processing state only. {@link #claim} is a conditional create ({@code
 * If-None-Match: *}): of concurrent deliveries of one event, exactly one creates the marker.
 *
 * <p>Failures of the store throw {@link dev.airlock.core.state.StateStoreException}.
 */
public interface EventMarkers {

  /** The outcome of {@link #claim}: whether this call created the marker, and what was there. */
  record Claim(String eventId, String etag, Optional<MarkerState> previous) {
    /** Whether this call created the marker (no earlier delivery got this far). */
    public boolean fresh() {
      return previous.isEmpty();
    }
  }

  /**
   * Creates the marker in state {@link MarkerState#RECEIVED}, or reads the existing one.
   *
   * @param eventId a Stripe event id (validated by the caller)
   * @param type the event type (validated by the caller)
   */
  Claim claim(String eventId, String type);

  /**
   * Moves the marker to {@code state} if it is still the version claimed ({@code If-Match}); if
   * another delivery moved it meanwhile, leaves it as that delivery wrote it.
   */
  void finish(Claim claim, String type, MarkerState state);
}
