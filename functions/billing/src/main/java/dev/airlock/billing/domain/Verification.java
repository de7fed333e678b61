package dev.airlock.billing.domain;

/** The result of checking a request's {@code Stripe-Signature}. */
public sealed interface Verification {

  /** No signing secret is configured: refuse everything (503). */
  record NotConfigured() implements Verification {}

  /** The request is not proven to come from Stripe; {@code reason} is a short safe token. */
  record Refused(String reason) implements Verification {}

  /** Signed by Stripe; {@code payload} is the body as UTF-8 text, exactly as signed. */
  record Verified(String payload) implements Verification {}
}
