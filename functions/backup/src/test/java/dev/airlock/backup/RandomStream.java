package dev.airlock.backup;

import java.io.InputStream;
import java.util.SplittableRandom;

/** {@code length} pseudo-random bytes from a seed, generated as read (no array of that size). */
final class RandomStream extends InputStream {
  private final SplittableRandom random;
  private long remaining;

  RandomStream(long seed, long length) {
    this.random = new SplittableRandom(seed);
    this.remaining = length;
  }

  @Override
  public int read() {
    if (remaining == 0) {
      return -1;
    }
    remaining--;
    return random.nextInt(256);
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (remaining == 0) {
      return -1;
    }
    int n = (int) Math.min(len, remaining);
    for (int i = 0; i < n; i += 8) {
      long r = random.nextLong();
      for (int j = 0; j < 8 && i + j < n; j++) {
        b[off + i + j] = (byte) (r >>> (8 * j));
      }
    }
    remaining -= n;
    return n;
  }
}
