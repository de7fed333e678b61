package dev.airlock.emulators.codehost;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mints, checks and revokes installation tokens. Only a SHA-256 of each token is kept, so a heap
 * dump or a debugger shows no usable credential; lookups by hash also make the comparison
 * independent of how much of a guessed token is right.
 */
final class InstallationTokens {

  /** What a token grants. {@code revoked} tokens stay known so their use is counted as refused. */
  record Grant(
      long installationId,
      Set<String> repositories,
      Map<String, String> permissions,
      Instant expiresAt,
      boolean revoked) {

    boolean usableAt(Instant now) {
      return !revoked && now.isBefore(expiresAt);
    }
  }

  /** A freshly minted token: the only time its value exists on the server. */
  record Minted(String token, Grant grant) {
    @Override
    public String toString() {
      return "Minted[token=<redacted>, grant=" + grant + "]";
    }
  }

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int RANDOM_CHARS = 36;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Grant> grantsByHash = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong revoked = new AtomicLong();

  InstallationTokens(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  Minted mint(long installationId, Set<String> repositories, Map<String, String> permissions) {
    StringBuilder token = new StringBuilder("ghs_");
    for (int i = 0; i < RANDOM_CHARS; i++) {
      token.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    // GitHub reports expiry to the second; the token must not outlive what the client was told.
    Instant expiresAt = clock.instant().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
    Grant grant =
        new Grant(
            installationId, Set.copyOf(repositories), Map.copyOf(permissions), expiresAt, false);
    grantsByHash.put(hash(token.toString()), grant);
    issued.incrementAndGet();
    return new Minted(token.toString(), grant);
  }

  /** The grant of a token that is known, unexpired and not revoked. */
  Optional<Grant> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 1024) {
      return Optional.empty();
    }
    Grant grant = grantsByHash.get(hash(token));
    return grant != null && grant.usableAt(clock.instant()) ? Optional.of(grant) : Optional.empty();
  }

  /** Revokes a usable token; false if it was unknown, expired or already revoked. */
  boolean revoke(String token) {
    if (authenticate(token).isEmpty()) {
      return false;
    }
    String key = hash(token);
    Grant before = grantsByHash.get(key);
    if (before == null || before.revoked()) {
      return false;
    }
    Grant after =
        new Grant(
            before.installationId(),
            before.repositories(),
            before.permissions(),
            before.expiresAt(),
            true);
    if (!grantsByHash.replace(key, before, after)) {
      return false;
    }
    revoked.incrementAndGet();
    return true;
  }

  long issued() {
    return issued.get();
  }

  long revoked() {
    return revoked.get();
  }

  long active() {
    Instant now = clock.instant();
    return grantsByHash.values().stream().filter(g -> g.usableAt(now)).count();
  }

  /** The keys the store holds, for tests proving that no raw token is kept. */
  Set<String> storedKeys() {
    return Set.copyOf(grantsByHash.keySet());
  }

  static String hash(String token) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
