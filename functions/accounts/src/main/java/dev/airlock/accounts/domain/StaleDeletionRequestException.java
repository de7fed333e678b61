package dev.airlock.accounts.domain;

/**
 * A queued deletion request that was sent before the account's current tenant key was created: it
 * was meant for an earlier tenancy of the same id (already deleted; an operator has since admitted
 * the id again), so carrying it out would delete a tenant that never asked. Typically an
 * at-least-once redelivery or a dead-letter redrive of an old message. Nothing was changed; the
 * request is done with, not retried.
 */
public class StaleDeletionRequestException extends RuntimeException {
  public StaleDeletionRequestException() {
    super("the request predates the account's current tenancy");
  }
}
