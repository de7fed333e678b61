package dev.airlock.benchmarks.webhook;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhook bodies of the sizes the figures use, and their signatures under the test secret. */
public final class Bodies {
  /** The events' documented TEST secret (events/webhook/README.md); never a real one. */
  public static final String TEST_SECRET = "airlock-events-test-secret";

  /** 7 KB (a typical push), 1 MiB, 6 MiB (the Lambda synchronous payload limit). */
  public static final List<Integer> SIZES = List.of(7 * 1024, 1024 * 1024, 6 * 1024 * 1024);

  private Bodies() {}

  /** A JSON object of exactly {@code size} bytes (≥ 16), deterministic, printable ASCII. */
  public static byte[] json(int size) {
    if (size < 16) {
      throw new IllegalArgumentException("size must be at least 16");
    }
    byte[] head = "{\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] b = new byte[size];
    System.arraycopy(head, 0, b, 0, head.length);
    SplittableRandom r = new SplittableRandom(size);
    for (int i = head.length; i < size - 2; i++) {
      b[i] = (byte) ('a' + r.nextInt(26));
    }
    b[size - 2] = '"';
    b[size - 1] = '}';
    return b;
  }

  /** {@code sha256=<hex>} of {@code body} under {@link #TEST_SECRET}, as GitHub sends it. */
  public static String githubSignature(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(TEST_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** "7 KB", "1 MiB", "6 MiB". */
  public static String label(int size) {
    if (size % (1024 * 1024) == 0) {
      return size / (1024 * 1024) + " MiB";
    }
    return size % 1024 == 0 ? size / 1024 + " KB" : size + " B";
  }
}
