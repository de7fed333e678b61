package dev.airlock.accounts.domain;

/**
 * Nothing is stored for the account (no objects in either region, no lookup record, no tenant key)
 * and no deletion of it was ever started: refusing it keeps a mistyped id from leaving a tombstone
 * that would close that id for good.
 */
public class AccountNotFoundException extends RuntimeException {
  public AccountNotFoundException() {
    super("nothing is stored for this account");
  }
}
