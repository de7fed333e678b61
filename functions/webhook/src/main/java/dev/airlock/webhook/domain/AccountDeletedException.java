package dev.airlock.webhook.domain;

/**
 * The account was deleted (it has a deletion tombstone): it is not created again, nothing is
 * recorded for it, and no new key is made for it.
 */
public class AccountDeletedException extends RuntimeException {
  public AccountDeletedException() {
    super("the account was deleted");
  }
}
