package dev.airlock.analyze.domain;

import java.util.Objects;

/**
 * A job step failed for a known {@link Reason}. The message is the reason code only: causes from
 * git, HTTP or the file system are deliberately not chained, because their messages can quote
 * paths, URLs or server responses that must not reach a log.
 */
public final class AnalysisException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Reason reason;

  public AnalysisException(Reason reason) {
    super(Objects.requireNonNull(reason, "reason").code(), null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
