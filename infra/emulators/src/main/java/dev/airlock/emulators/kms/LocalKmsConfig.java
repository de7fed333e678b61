package dev.airlock.emulators.kms;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of a {@link LocalKmsServer}. Immutable and validated on construction.
 *
 * @param port TCP port on 127.0.0.1; {@code 0} picks a free one (the default, and what tests should
 *     use)
 * @param accountId the fake twelve-digit account id used in ARNs
 * @param stateFile where keys are kept across restarts; empty keeps them in memory only. The file
 *     holds key material in plaintext: development use only
 * @param clock time source for creation and deletion dates; a test may pass a clock it moves to
 *     cross a deletion waiting period without waiting seven days
 * @param threads size of the request thread pool
 */
public record LocalKmsConfig(
    int port, String accountId, Optional<Path> stateFile, Clock clock, int threads) {

  /** The account id used in ARNs unless another is configured. */
  public static final String DEFAULT_ACCOUNT_ID = "000000000000";

  private static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");

  /**
   * @throws IllegalArgumentException if the port is outside 0-65535, the account id is not twelve
   *     digits or the thread count is outside 1-64
   */
  public LocalKmsConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    Objects.requireNonNull(accountId, "accountId");
    if (!ACCOUNT_ID.matcher(accountId).matches()) {
      throw new IllegalArgumentException("accountId must be twelve digits");
    }
    Objects.requireNonNull(stateFile, "stateFile");
    Objects.requireNonNull(clock, "clock");
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("threads must be 1-64");
    }
  }

  /** In memory, free port, default account, system clock, four threads. */
  public static LocalKmsConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder starting from {@link #defaults()}. */
  public static final class Builder {
    private int port;
    private String accountId = DEFAULT_ACCOUNT_ID;
    private Path stateFile;
    private Clock clock = Clock.systemUTC();
    private int threads = 4;

    private Builder() {}

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    /** Persist to this file; {@code null} keeps keys in memory. */
    public Builder stateFile(Path stateFile) {
      this.stateFile = stateFile;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public LocalKmsConfig build() {
      return new LocalKmsConfig(port, accountId, Optional.ofNullable(stateFile), clock, threads);
    }
  }
}
