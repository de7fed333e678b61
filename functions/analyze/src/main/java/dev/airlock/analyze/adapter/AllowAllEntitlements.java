package dev.airlock.analyze.adapter;

import dev.airlock.analyze.port.EntitlementCheck;

/**
 * Placeholder {@link EntitlementCheck} that allows every account: the billing rule (a billing
 * document, if present, must be {@code active} or {@code trialing} for private repositories) is
 * billing's to provide; the composition root uses this only when no other implementation is
 * registered. Documented as such in the module README.
 */
public final class AllowAllEntitlements implements EntitlementCheck {
  @Override
  public boolean mayAnalyze(String accountId, boolean privateRepository) {
    return true;
  }
}
