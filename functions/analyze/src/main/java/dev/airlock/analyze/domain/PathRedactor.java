package dev.airlock.analyze.domain;

import dev.airlock.core.audit.RedactionGuard;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps tokens that repositories put in file names out of stored results.
 *
 * <p>A path segment that {@link RedactionGuard} flags (a file named after an AWS access key id, a
 * directory named after a GitHub token) is replaced by {@value #MARKER} plus the first 8 hex digits
 * of {@code HMAC-SHA256(key, segment)}; a file's extension is kept when it is clean, so the finding
 * stays usable ({@code keys/AKIA….csv} becomes {@code keys/redacted-1f3a9c07.csv}). The tag is
 * keyed, never a plain hash: an access key id has too little entropy beyond its fixed prefix for an
 * unkeyed hash to be safe from brute force. The key is derived from the account's fingerprint salt,
 * which is never stored with a result, so the tag is stable per account (two different redacted
 * names stay distinct, and incremental analysis can match a stored redacted path to the same file
 * in the next commit) but reveals nothing without the key. A path that is still flagged after its
 * segments are redacted (a token split across segments) is replaced as a whole.
 *
 * <p>Immutable and thread-safe.
 */
public final class PathRedactor {

  /** The fixed part of a redacted segment. */
  public static final String MARKER = "redacted-";

  private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9]{1,10}$");
  private static final byte[] CONTEXT =
      "airlock/path-redaction/v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;

  private PathRedactor(byte[] key) {
    this.key = key;
  }

  /**
   * A redactor keyed by the account's secret salt (the key is derived, so tags are not the secret
   * fingerprints of the same text).
   *
   * @throws IllegalArgumentException if the salt is shorter than 16 bytes
   */
  public static PathRedactor forAccount(byte[] accountSalt) {
    if (accountSalt == null || accountSalt.length < 16) {
      throw new IllegalArgumentException("the salt must be at least 16 bytes");
    }
    return new PathRedactor(hmac(accountSalt, CONTEXT));
  }

  /** A redactor with a random key used once: tags are distinct within one result only. */
  public static PathRedactor ephemeral() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new PathRedactor(key);
  }

  /** The path as it may be stored: unchanged if clean, else with flagged segments replaced. */
  public String redact(String path) {
    if (RedactionGuard.isClean(path)) {
      return path;
    }
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (!RedactionGuard.isClean(segments[i])) {
        segments[i] = redactSegment(segments[i]);
      }
    }
    String out = String.join("/", segments);
    if (RedactionGuard.isClean(out)) {
      return out;
    }
    return redactSegment(path);
  }

  /** The stored form of each path (clean paths as they are). */
  public Set<String> redactAll(Set<String> paths) {
    Set<String> out = new HashSet<>();
    for (String p : paths) {
      out.add(redact(p));
    }
    return out;
  }

  /** Stored form to real path, for the paths that are redacted (clean paths map to themselves). */
  Map<String, String> redactedToReal(Set<String> paths) {
    Map<String, String> out = new HashMap<>();
    for (String p : paths) {
      String r = redact(p);
      if (!r.equals(p)) {
        out.put(r, p);
      }
    }
    return out;
  }

  private String redactSegment(String segment) {
    java.util.regex.Matcher m = EXTENSION.matcher(segment);
    String ext = m.find() && m.start() > 0 && RedactionGuard.isClean(m.group()) ? m.group() : "";
    byte[] mac = hmac(key, segment.getBytes(StandardCharsets.UTF_8));
    return MARKER + HexFormat.of().formatHex(mac, 0, 4) + ext;
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }
}
