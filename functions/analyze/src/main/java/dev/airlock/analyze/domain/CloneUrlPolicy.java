package dev.airlock.analyze.domain;

import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.Provider;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where a job's repository is cloned from. The queue message's clone URL is not trusted (a
 * forged or confused message must not make the function fetch from an arbitrary host: SSRF); the
 * URL is the configured base of the job's provider plus the validated {@code owner/name} and {@code
 * .git}.
 *
 * <p>Bases must be {@code https}, or {@code http} on a loopback address (the local code host), with
 * no user info, query or fragment, and a path ending in {@code /}. A provider without a base is not
 * configured, and its jobs are refused.
 */
public final class CloneUrlPolicy {

  private final Map<Provider, URI> bases;

  /**
   * @throws IllegalArgumentException if a base is not an acceptable code-host base URL
   */
  public CloneUrlPolicy(Map<Provider, URI> bases) {
    Map<Provider, URI> checked = new EnumMap<>(Provider.class);
    bases.forEach(
        (provider, base) -> {
          if (base != null) {
            checked.put(provider, requireAcceptableBase(base));
          }
        });
    this.bases = Map.copyOf(checked);
  }

  /**
   * The target of {@code job}.
   *
   * @throws AnalysisException {@link Reason#PROVIDER_NOT_CONFIGURED} if the provider has no base
   */
  public RepositoryTarget target(AnalysisJob job) {
    URI base = bases.get(job.provider());
    if (base == null) {
      throw new AnalysisException(Reason.PROVIDER_NOT_CONFIGURED);
    }
    // owner and name were validated by RepositoryRef: plain segments, no dot segments.
    String path = job.repository().fullName() + ".git";
    URI url = base.resolve(path);
    if (!url.getScheme().equals(base.getScheme())
        || !url.getRawAuthority().equals(base.getRawAuthority())
        || !url.getRawPath().startsWith(base.getRawPath())) {
      throw new AnalysisException(Reason.CLONE_URL_REFUSED);
    }
    return new RepositoryTarget(
        job.provider(), job.repository().owner(), job.repository().name(), url);
  }

  /** The configured base of {@code provider}, if any. */
  public Optional<URI> base(Provider provider) {
    return Optional.ofNullable(bases.get(provider));
  }

  /**
   * Checks a code-host base URL (clone or API base).
   *
   * @throws IllegalArgumentException if it is not https (or http to loopback), carries user info, a
   *     query or a fragment, or does not end in {@code /}
   */
  public static URI requireAcceptableBase(URI base) {
    if (base == null || !base.isAbsolute() || base.getHost() == null) {
      throw new IllegalArgumentException("code-host base URL must be absolute");
    }
    String scheme = base.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(base.getHost()))) {
      throw new IllegalArgumentException(
          "code-host base URL must be https (http only to loopback)");
    }
    if (base.getRawUserInfo() != null
        || base.getRawQuery() != null
        || base.getRawFragment() != null) {
      throw new IllegalArgumentException("code-host base URL must not carry credentials or query");
    }
    if (base.getRawPath() == null || !base.getRawPath().endsWith("/")) {
      throw new IllegalArgumentException("code-host base URL path must end with /");
    }
    return base;
  }

  /**
   * Literal loopback addresses and {@code localhost} only; other names are not resolved, because a
   * DNS answer can change between this check and the connection.
   */
  static boolean isLoopback(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
