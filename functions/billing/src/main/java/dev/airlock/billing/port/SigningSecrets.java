package dev.airlock.billing.port;

import java.util.List;

/**
 * The Stripe endpoint signing secrets currently accepted, newest first (during a rotation, the old
 * one stays until every delivery signed with it has arrived). An empty list means "not configured":
 * the function then refuses every request with 503 rather than accept unverified input. Never
 * throws; values never appear in logs or exceptions.
 */
public interface SigningSecrets {

  /** The accepted secrets, newest first; empty if none are configured or readable. */
  List<String> current();
}
