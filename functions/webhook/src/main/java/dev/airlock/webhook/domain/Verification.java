package dev.airlock.webhook.domain;

/**
 * Outcome of checking a request's signature or token. Only {@link Verified} lets a request go on;
 * every other outcome stops it before its body is parsed.
 */
public sealed interface Verification {

  /** The request proves knowledge of configured secret number {@code secretIndex} (0 = current). */
  record Verified(int secretIndex) implements Verification {}

  /** Signature or token absent, malformed or wrong: answered 401. {@code reason} names which. */
  record Refused(String reason) implements Verification {}

  /** No secret configured for this provider: answered 503, nothing done (fail closed). */
  record NotConfigured() implements Verification {}
}
