package dev.airlock.emulators.codehost;

/**
 * Counters of the local code host's token lifecycle, for tests that assert a token was (or was not)
 * minted or revoked.
 *
 * @param issued installation tokens minted since start
 * @param revoked tokens revoked through {@code DELETE /installation/token}
 * @param active tokens neither expired (by the host's clock) nor revoked
 * @param rejectedAppJwts token-API calls refused because of the app JWT
 * @param rejectedGitCredentials git requests refused with 401
 */
public record TokenStats(
    long issued, long revoked, long active, long rejectedAppJwts, long rejectedGitCredentials) {}
