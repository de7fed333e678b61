package dev.airlock.backup.domain;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What a verify or restore found about tenant objects (envelope-encrypted with a tenant key).
 * Restores copy them byte for byte; when probing is on, each is classified by whether its tenant
 * key still opens it, so a crypto-shredded account's objects count as {@code shredded}, never as
 * corruption.
 *
 * @param probed whether decryptability was probed
 * @param tenantObjects objects marked as tenant envelopes
 * @param readable opened by their tenant key
 * @param shredded their tenant key is disabled or pending deletion
 * @param undecryptable malformed or sealed for another key or context
 * @param unprobed not classified (probing off, too large, or the key service could not be asked)
 */
@Serdeable
public record TenantSummary(
    boolean probed,
    long tenantObjects,
    long readable,
    long shredded,
    long undecryptable,
    long unprobed) {

  public static TenantSummary none() {
    return new TenantSummary(false, 0, 0, 0, 0, 0);
  }
}
