package dev.airlock.core.state;

import dev.airlock.core.crypto.Digests;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The state bucket's key layout, in one place. Everything about an account lives under {@code
 * tenants/<accountId>/} and is encrypted with the tenant's key; lookup records that must be read
 * before the account is known live under {@code lookup/} and hold identifiers only; idempotency
 * markers live under {@code markers/}; non-tenant records (deletion certificates) under {@code
 * system/}. Backups refuse objects outside {@link #KNOWN_PREFIXES}.
 */
public final class StateKeys {
  private StateKeys() {}

  public static final String TENANTS = "tenants/";
  public static final String LOOKUP = "lookup/";
  public static final String MARKERS = "markers/";
  public static final String SYSTEM = "system/";

  /** Every prefix an object in the state bucket may have. */
  public static final List<String> KNOWN_PREFIXES = List.of(TENANTS, LOOKUP, MARKERS, SYSTEM);

  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,62}");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.\\-]{1,200}");

  /** Validates an account id; ids become key segments, so no separators or dot segments. */
  public static String account(String accountId) {
    if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
      throw new IllegalArgumentException("account id is invalid");
    }
    return accountId;
  }

  private static String segment(String s) {
    if (s == null || !SEGMENT.matcher(s).matches() || s.equals(".") || s.equals("..")) {
      throw new IllegalArgumentException("key segment is invalid");
    }
    return s;
  }

  /** {@code tenants/<account>/} — every object of the account (crypto-shredded on deletion). */
  public static String tenantPrefix(String accountId) {
    return TENANTS + account(accountId) + "/";
  }

  /** The account's profile record (provider, host account id, status). */
  public static String accountProfile(String accountId) {
    return tenantPrefix(accountId) + "account.json";
  }

  /** GitHub App installation → account and covered repositories (identifiers only). */
  public static String githubInstallation(String installationId) {
    return LOOKUP + "github-installations/" + segment(installationId) + ".json";
  }

  /** Operator enrollment of a GitLab/Bitbucket repository → account (identifiers only). */
  public static String enrollment(String providerWireName, String repositoryFullName) {
    return LOOKUP
        + "enrollments/"
        + segment(providerWireName)
        + "/"
        + Digests.sha256Hex(repositoryFullName)
        + ".json";
  }

  /** Stripe customer → account (identifiers only). */
  public static String stripeCustomer(String customerId) {
    return LOOKUP + "stripe-customers/" + segment(customerId) + ".json";
  }

  /** Marker that a Stripe event id was processed (conditional create = idempotency). */
  public static String stripeEventMarker(String eventId) {
    return MARKERS + "stripe-events/" + segment(eventId);
  }

  /** Where account deletions keep their records (identifiers and counts only, not tenant data). */
  public static final String DELETIONS = SYSTEM + "deletions/";

  /**
   * The deletion certificate of an account ({@code system/deletions/<account>.json}): written once
   * when the account's deletion completes, kept as the record that it happened.
   */
  public static String deletionCertificate(String accountId) {
    return DELETIONS + account(accountId) + ".json";
  }

  /**
   * The progress record of an account's deletion ({@code
   * system/deletions/<account>.progress.json}): created when the deletion starts and kept
   * afterwards, so it is also the account's tombstone.
   */
  public static String deletionProgress(String accountId) {
    return DELETIONS + account(accountId) + ".progress.json";
  }

  /** The account's billing document (allow-listed fields only, tenant-encrypted). */
  public static String billing(String accountId) {
    return tenantPrefix(accountId) + "billing.json";
  }

  /**
   * The SARIF result of one analyzed commit: {@code
   * tenants/<account>/results/<repositoryHash>/<commitSha>.<analyzerSetId>.sarif.json}. {@code
   * repositoryHash} is {@link #repositoryHash}, so repository names never become key segments.
   */
  public static String result(
      String accountId, String repositoryHash, String commitSha, String analyzerSetId) {
    return tenantPrefix(accountId)
        + "results/"
        + segment(repositoryHash)
        + "/"
        + segment(commitSha + "." + analyzerSetId)
        + ".sarif.json";
  }

  /** SHA-256 hex of {@code provider + "\n" + owner/name}: a repository's key segment. */
  public static String repositoryHash(String providerWireName, String repositoryFullName) {
    return Digests.sha256Hex(providerWireName + "\n" + repositoryFullName);
  }

  /**
   * The run record (worker idempotency record and run summary) of {@code runId}: {@code
   * tenants/<account>/runs/<runId>.json}.
   */
  public static String run(String accountId, String runId) {
    return tenantPrefix(accountId) + "runs/" + segment(runId) + ".json";
  }

  /** The account's salt for secret fingerprints (tenant key; shredded with the account). */
  public static String fingerprintSalt(String accountId) {
    return tenantPrefix(accountId) + "runs/fingerprint-salt.json";
  }

  /**
   * Purge receipt number {@code sequence} (1, 2, ...) of the account's hash chain: {@code
   * tenants/<account>/receipts/<sequence, 12 digits>.json}. Zero-padded so keys sort in chain
   * order.
   */
  public static String receipt(String accountId, long sequence) {
    if (sequence < 1 || sequence > 999_999_999_999L) {
      throw new IllegalArgumentException("receipt sequence is out of range");
    }
    return tenantPrefix(accountId) + "receipts/" + String.format("%012d", sequence) + ".json";
  }

  /** The head of the account's receipt chain (latest sequence and its SHA-256). */
  public static String receiptChainHead(String accountId) {
    return tenantPrefix(accountId) + "receipts/head.json";
  }
}
