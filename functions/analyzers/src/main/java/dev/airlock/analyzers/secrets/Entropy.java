package dev.airlock.analyzers.secrets;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Shannon entropy of a candidate secret, computed as gitleaks does. */
public final class Entropy {

  private Entropy() {}

  /**
   * Bits per character: {@code -sum(p * log2 p)} over the frequencies of the code points. As in
   * gitleaks, frequencies are divided by the UTF-8 length, so for non-ASCII text the value differs
   * from the textbook one exactly as gitleaks' thresholds expect.
   */
  public static double shannon(String data) {
    if (data.isEmpty()) {
      return 0;
    }
    Map<Integer, Integer> counts = new HashMap<>();
    data.codePoints().forEach(cp -> counts.merge(cp, 1, Integer::sum));
    double inverseLength = 1.0 / data.getBytes(StandardCharsets.UTF_8).length;
    double entropy = 0;
    for (int count : counts.values()) {
      double frequency = count * inverseLength;
      entropy -= frequency * (Math.log(frequency) / Math.log(2));
    }
    return entropy;
  }
}
