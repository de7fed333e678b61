package dev.airlock.analyzers.sarif;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Relative artifact URIs: encoding repository paths, and recognising URIs that stay inside the
 * repository. A URI is kept only if it is a relative path reference: no scheme, no authority, no
 * leading {@code /}, no {@code .} or {@code ..} segment (also when percent-encoded), no encoded
 * slash or backslash, nothing outside the URI character set.
 */
public final class SarifUris {

  /** The base id every artifact location is resolved against: the repository root. */
  public static final String SRCROOT = "SRCROOT";

  private static final Pattern URI_CHARS = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,;=:@/%]+");
  private static final Pattern PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");
  private static final int MAX_URI_LENGTH = 4096;

  private SarifUris() {}

  /** Percent-encodes each segment of a {@code /}-separated relative path (RFC 3986 pchar set). */
  public static String encodePath(String relativePath) {
    StringBuilder out = new StringBuilder();
    for (byte b : relativePath.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=@/".indexOf(c) >= 0;
      if (keep) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Whether {@code uri} is a relative reference that cannot point outside the repository. */
  public static boolean isSafeRelativeUri(String uri) {
    if (uri == null || uri.isEmpty() || uri.length() > MAX_URI_LENGTH) {
      return false;
    }
    if (!URI_CHARS.matcher(uri).matches() || PERCENT.matcher(uri).find()) {
      return false;
    }
    if (uri.startsWith("/")) {
      return false;
    }
    int slash = uri.indexOf('/');
    String firstSegment = slash < 0 ? uri : uri.substring(0, slash);
    if (firstSegment.contains(":")) {
      return false;
    }
    for (String segment : uri.split("/", -1)) {
      String decoded = segment.replaceAll("(?i)%2e", ".");
      if (segment.isEmpty() || decoded.equals(".") || decoded.equals("..")) {
        return false;
      }
      String lower = segment.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("%2f") || lower.contains("%5c")) {
        return false;
      }
    }
    return true;
  }
}
