package dev.airlock.emulators.codehost;

import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of a {@link LocalCodeHost}.
 *
 * @param repositoriesRoot directory holding bare repositories as {@code <owner>/<name>.git}; made
 *     absolute and normalized; it must exist when the host starts
 * @param port TCP port on 127.0.0.1, {@code 0} for a free one
 * @param appId the GitHub App id that app JWTs must carry as {@code iss}
 * @param appPublicKey the app's RSA public key (at least 2048 bits); {@code null} makes the host
 *     generate a key pair and expose it through {@link LocalCodeHost#appKeyPair()}
 * @param tokenTtl lifetime of installation tokens (GitHub: one hour); positive, at most one day
 * @param clock time source for token expiry and JWT checks; tests pass a controllable clock
 * @param requestLogSink receives one line per HTTP request; lines never carry token values
 * @throws IllegalArgumentException if a value is out of range; {@link NullPointerException} if a
 *     required value is missing
 */
public record LocalCodeHostConfig(
    Path repositoriesRoot,
    int port,
    long appId,
    RSAPublicKey appPublicKey,
    Duration tokenTtl,
    Clock clock,
    Consumer<String> requestLogSink) {

  /** GitHub's installation-token lifetime. */
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);

  public LocalCodeHostConfig {
    Objects.requireNonNull(repositoriesRoot, "repositoriesRoot");
    repositoriesRoot = repositoriesRoot.toAbsolutePath().normalize();
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (appId <= 0) {
      throw new IllegalArgumentException("appId must be positive");
    }
    if (appPublicKey != null && appPublicKey.getModulus().bitLength() < 2048) {
      throw new IllegalArgumentException("app key must be RSA with at least 2048 bits");
    }
    Objects.requireNonNull(tokenTtl, "tokenTtl");
    if (tokenTtl.isNegative() || tokenTtl.isZero() || tokenTtl.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("tokenTtl must be positive and at most one day");
    }
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(requestLogSink, "requestLogSink");
  }

  /** A builder with GitHub's defaults: free port, app id 1, generated key, 1 h tokens. */
  public static Builder builder(Path repositoriesRoot) {
    return new Builder(repositoriesRoot);
  }

  /** Builds a {@link LocalCodeHostConfig}; every setter is optional. */
  public static final class Builder {
    private final Path repositoriesRoot;
    private int port;
    private long appId = 1;
    private RSAPublicKey appPublicKey;
    private Duration tokenTtl = DEFAULT_TOKEN_TTL;
    private Clock clock = Clock.systemUTC();
    private Consumer<String> requestLogSink = RequestLog.SLF4J_SINK;

    private Builder(Path repositoriesRoot) {
      this.repositoriesRoot = repositoriesRoot;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder appId(long appId) {
      this.appId = appId;
      return this;
    }

    /** The app's public key; leave unset to have the host generate a key pair. */
    public Builder appPublicKey(RSAPublicKey appPublicKey) {
      this.appPublicKey = appPublicKey;
      return this;
    }

    public Builder tokenTtl(Duration tokenTtl) {
      this.tokenTtl = tokenTtl;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder requestLogSink(Consumer<String> requestLogSink) {
      this.requestLogSink = requestLogSink;
      return this;
    }

    public LocalCodeHostConfig build() {
      return new LocalCodeHostConfig(
          repositoriesRoot, port, appId, appPublicKey, tokenTtl, clock, requestLogSink);
    }
  }
}
