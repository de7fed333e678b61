package dev.airlock.analyze.domain;

/**
 * Why a job did not complete, as a short machine-readable code for audit records, run records and
 * receipts. Codes never carry data from the repository or a credential.
 *
 * <p>{@link #retriable()} decides the queue's fate: a retriable failure is reported back to SQS
 * (the message returns after the visibility timeout and reaches the DLQ after {@code
 * maxReceiveCount}); any other reason acknowledges the message, because delivering it again would
 * fail the same way. {@link #finalForCommit()} says whether a later delivery of the same commit may
 * try again.
 */
public enum Reason {
  IN_PROGRESS("in-progress", true, false),
  NOT_ENTITLED("not-entitled", false, false),
  ACCOUNT_KEY_UNAVAILABLE("account-key-unavailable", false, true),
  PROVIDER_NOT_CONFIGURED("provider-not-configured", false, false),
  CLONE_URL_REFUSED("clone-url-refused", false, true),
  TOKEN_REFUSED("token-refused", false, false),
  TOKEN_SCOPE_MISMATCH("token-scope-mismatch", false, false),
  TOKEN_UNAVAILABLE("token-unavailable", true, false),
  FETCH_FAILED("fetch-failed", true, false),
  COMMIT_NOT_FOUND("commit-not-found", false, true),
  UNSUPPORTED_OBJECT_FORMAT("unsupported-object-format", false, true),
  CLONE_TIMEOUT("clone-timeout", true, false),
  /**
   * The fetch ran into the clone timeout on two attempts in a row: once may be a slow host, twice
   * is treated as a repository built to burn the checkout's time (e.g. a pack of many objects each
   * inflating to just under the object cap), so it is not delivered again. Not final for the
   * commit: a later delivery of it (a new push) gets one attempt more.
   */
  CLONE_TIMEOUT_REPEATED("clone-timeout-repeated", false, false),
  REPOSITORY_TOO_LARGE("repository-too-large", false, true),
  TOO_MANY_FILES("too-many-files", false, true),
  UNSAFE_PATH("unsafe-path", false, true),
  GIT_DIRECTORY_PATH("git-directory-path", false, true),
  CASE_COLLISION("case-collision", false, true),
  DUPLICATE_PATH("duplicate-path", false, true),
  PATH_TOO_DEEP("path-too-deep", false, true),
  PATH_TOO_LONG("path-too-long", false, true),
  UNSUPPORTED_ENTRY("unsupported-entry", false, true),
  CORRUPT_REPOSITORY("corrupt-repository", false, true),
  DEADLINE_EXCEEDED("deadline-exceeded", true, false),
  ANALYZER_TIMEOUT("analyzer-timeout", false, true),
  ANALYZER_FAILED("analyzer-failed", false, true),
  ANALYZER_OUTPUT_INVALID("analyzer-output-invalid", false, true),
  ANALYZERS_UNAVAILABLE("analyzers-unavailable", true, false),
  SANDBOX_UNAVAILABLE("sandbox-unavailable", true, false),
  STATE_STORE_FAILED("state-store-failed", true, false),
  INTERNAL_ERROR("internal-error", true, false);

  private final String code;
  private final boolean retriable;
  private final boolean finalForCommit;

  Reason(String code, boolean retriable, boolean finalForCommit) {
    this.code = code;
    this.retriable = retriable;
    this.finalForCommit = finalForCommit;
  }

  /** The wire form, e.g. {@code unsafe-path}. */
  public String code() {
    return code;
  }

  /** Whether SQS should deliver the message again. */
  public boolean retriable() {
    return retriable;
  }

  /**
   * Whether the outcome is a property of the commit itself (its tree, its size, its analyzers'
   * verdict), so a later delivery of the same commit is acknowledged without another run.
   */
  public boolean finalForCommit() {
    return finalForCommit;
  }

  /** The reason with {@code code}, for reading stored run records. */
  public static Reason fromCode(String code) {
    for (Reason r : values()) {
      if (r.code.equals(code)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown reason code");
  }
}
