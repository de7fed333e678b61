package dev.airlock.webhook.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What Airlock knows about one GitHub App installation, stored at {@code
 * StateKeys.githubInstallation(id)} as JSON. Identifiers only (it is read before the account is
 * known, so it is not tenant-encrypted): installation id, Airlock account id, the host account id,
 * app id, repository selection, covered repositories (id and full name) and status.
 *
 * <p>A deleted installation stays as a tombstone ({@link Status#DELETED}, no repositories) so a
 * late, out-of-order {@code installation_repositories} delivery cannot bring it back.
 *
 * @throws IllegalArgumentException on construction if a field is missing or malformed
 */
public record InstallationRecord(
    String installationId,
    String accountId,
    String hostAccountId,
    String appId,
    String repositorySelection,
    List<CoveredRepository> repositories,
    Status status,
    Instant updatedAt) {

  /** The only record version this build writes and reads. */
  public static final int VERSION = 1;

  private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,20}");

  /** Lifecycle of an installation. Only {@link #ACTIVE} installations produce work. */
  public enum Status {
    ACTIVE,
    SUSPENDED,
    DELETED
  }

  public InstallationRecord {
    if (installationId == null || !NUMERIC.matcher(installationId).matches()) {
      throw new IllegalArgumentException("installation id is invalid");
    }
    if (hostAccountId == null || !NUMERIC.matcher(hostAccountId).matches()) {
      throw new IllegalArgumentException("host account id is invalid");
    }
    if (appId != null && !NUMERIC.matcher(appId).matches()) {
      throw new IllegalArgumentException("app id is invalid");
    }
    dev.airlock.core.state.StateKeys.account(accountId);
    if (!"all".equals(repositorySelection) && !"selected".equals(repositorySelection)) {
      throw new IllegalArgumentException("repository selection is invalid");
    }
    repositories = List.copyOf(repositories);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The Airlock account of a GitHub user or organization: {@code github-<host account id>}. */
  public static String githubAccountId(String hostAccountId) {
    return "github-" + hostAccountId;
  }

  /**
   * Whether a job for {@code repositoryId} owned by {@code ownerId} is covered: the installation is
   * active and either selects that repository or covers all repositories of its own account.
   */
  public boolean covers(String repositoryId, String ownerId) {
    if (status != Status.ACTIVE) {
      return false;
    }
    if ("all".equals(repositorySelection)) {
      return hostAccountId.equals(ownerId);
    }
    return repositories.stream().anyMatch(r -> r.id().equals(repositoryId));
  }

  /** This record with {@code added} covered and {@code removed} no longer covered. */
  InstallationRecord withRepositories(
      String selection,
      List<CoveredRepository> added,
      List<CoveredRepository> removed,
      Instant now) {
    Map<String, CoveredRepository> byId = new LinkedHashMap<>();
    repositories.forEach(r -> byId.put(r.id(), r));
    removed.forEach(r -> byId.remove(r.id()));
    added.forEach(r -> byId.put(r.id(), r));
    return new InstallationRecord(
        installationId,
        accountId,
        hostAccountId,
        appId,
        selection,
        new ArrayList<>(byId.values()),
        status,
        now);
  }

  InstallationRecord withStatus(Status newStatus, Instant now) {
    return new InstallationRecord(
        installationId,
        accountId,
        hostAccountId,
        appId,
        repositorySelection,
        newStatus == Status.DELETED ? List.of() : repositories,
        newStatus,
        now);
  }

  /** The stored JSON form (plain values for {@link JsonCodec#write}). */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", VERSION);
    m.put("installationId", installationId);
    m.put("accountId", accountId);
    m.put("hostAccountId", hostAccountId);
    if (appId != null) {
      m.put("appId", appId);
    }
    m.put("repositorySelection", repositorySelection);
    List<Map<String, Object>> repos = new ArrayList<>();
    for (CoveredRepository r : repositories) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", r.id());
      e.put("fullName", r.fullName());
      repos.add(e);
    }
    m.put("repositories", repos);
    m.put("status", status.name());
    m.put("updatedAt", updatedAt.toString());
    return m;
  }

  /**
   * Reads the stored JSON form.
   *
   * @throws IllegalStateException if the stored record is not a version-1 installation record
   */
  static InstallationRecord fromJson(Object json) {
    try {
      JsonTree t = JsonTree.object(json);
      Object version = t.find("version").orElse(null);
      if (!(version instanceof Long v) || v != VERSION) {
        throw new IllegalStateException("installation record has an unknown version");
      }
      List<CoveredRepository> repos = new ArrayList<>();
      for (JsonTree r : t.objects("repositories")) {
        repos.add(new CoveredRepository(r.string("id"), r.string("fullName")));
      }
      return new InstallationRecord(
          t.string("installationId"),
          t.string("accountId"),
          t.string("hostAccountId"),
          t.findString("appId").orElse(null),
          t.string("repositorySelection"),
          repos,
          Status.valueOf(t.string("status")),
          Instant.parse(t.string("updatedAt")));
    } catch (PayloadException | IllegalArgumentException | java.time.DateTimeException e) {
      throw new IllegalStateException("installation record is corrupt", e);
    }
  }
}
