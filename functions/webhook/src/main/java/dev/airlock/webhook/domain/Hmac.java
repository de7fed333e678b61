package dev.airlock.webhook.domain;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over the raw body, with an initialised {@link Mac} cached per thread and key, and the
 * strict hex parsing the signature headers need.
 *
 * <p>Why a cache: {@code Mac.getInstance} (a JCA provider look-up) plus {@code init} (two key
 * blocks hashed) cost as much as hashing a 7 KB body (figure 2 of the benchmarks). A {@link Mac} is
 * not thread-safe, so each thread keeps its own few, never shared; a rotation with several secrets
 * keeps one per secret. An entry is found by comparing the key bytes in constant time, so a lookup
 * does not reveal by its timing how much of a key matched. {@code doFinal} resets the {@link Mac}
 * for the next use, and {@link Mac#reset()} is called if a computation is abandoned half-way.
 */
final class Hmac {
  static final int MAC_LENGTH = 32;

  /** Per thread: GitHub + Bitbucket + GitLab, each with a current and a previous secret. */
  static final int CACHED_KEYS_PER_THREAD = 6;

  private static final String ALGORITHM = "HmacSHA256";

  /**
   * The provider HMAC-SHA256 comes from; null = the JDK's default order. Set before the first
   * request (start-up or priming); a change empties every thread's cache on its next use.
   */
  private static volatile Provider provider;

  private static volatile int generation;

  private static final ThreadLocal<Cache> CACHE = ThreadLocal.withInitial(Cache::new);

  private Hmac() {}

  /**
   * Uses {@code p} for every HMAC from now on (null: the JDK's default provider order).
   *
   * @throws IllegalStateException if {@code p} does not offer HmacSHA256
   */
  static synchronized void useProvider(Provider p) {
    if (p != null) {
      try {
        Mac.getInstance(ALGORITHM, p);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("provider " + p.getName() + " has no " + ALGORITHM, e);
      }
    }
    provider = p;
    generation++;
  }

  /** The provider a fresh {@link Mac} comes from now. */
  static String providerName() {
    return newMac().getProvider().getName();
  }

  /**
   * Whether HMAC-SHA256 of {@code parts} under {@code key} equals one of {@code expected} (each
   * {@link #MAC_LENGTH} bytes), compared in constant time. Every candidate is compared, even after
   * a match.
   *
   * @param key the key bytes; not modified and not retained beyond this thread's cache
   */
  static boolean matches(byte[] key, byte[][] parts, byte[]... expected) {
    Cache cache = CACHE.get();
    Mac mac = cache.mac(key);
    byte[] out = cache.out;
    try {
      for (byte[] part : parts) {
        mac.update(part);
      }
      mac.doFinal(out, 0);
    } catch (ShortBufferException | RuntimeException e) {
      mac.reset();
      throw new IllegalStateException("HmacSHA256 failed", e);
    }
    boolean match = false;
    for (byte[] candidate : expected) {
      match |= MessageDigest.isEqual(out, candidate);
    }
    return match;
  }

  /** HMAC-SHA256 of {@code parts} under {@code key}, as a new array (tests and priming). */
  static byte[] sha256(byte[] key, byte[]... parts) {
    Mac mac = CACHE.get().mac(key);
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  /**
   * Parses exactly {@code 2 * length} hex digits (either case), or returns null. {@link
   * HexFormat#parseHex} alone would accept any even length.
   */
  static byte[] parseHex(String hex, int length) {
    return parseHex(hex, 0, length);
  }

  /**
   * Parses exactly {@code 2 * length} hex digits starting at {@code offset} and running to the end
   * of {@code text}, or returns null: the digits after a header's prefix, without a substring.
   */
  static byte[] parseHex(String text, int offset, int length) {
    if (text == null || offset < 0 || text.length() - offset != 2 * length) {
      return null;
    }
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      int hi = digit(text.charAt(offset + 2 * i));
      int lo = digit(text.charAt(offset + 2 * i + 1));
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }

  private static int digit(char c) {
    // ASCII only: Character.digit would also accept full-width and other Unicode digits.
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Constant-time equality; lengths are not secret. */
  static boolean equal(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  private static Mac newMac() {
    try {
      Provider p = provider;
      return p == null ? Mac.getInstance(ALGORITHM) : Mac.getInstance(ALGORITHM, p);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** One thread's initialised {@link Mac}s, most recently added last; never leaves the thread. */
  private static final class Cache {
    private final byte[][] keys = new byte[CACHED_KEYS_PER_THREAD][];
    private final Mac[] macs = new Mac[CACHED_KEYS_PER_THREAD];
    private final byte[] out = new byte[MAC_LENGTH];
    private int next;
    private int seenGeneration = generation;

    Mac mac(byte[] key) {
      if (seenGeneration != generation) {
        java.util.Arrays.fill(keys, null);
        java.util.Arrays.fill(macs, null);
        seenGeneration = generation;
      }
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != null && MessageDigest.isEqual(keys[i], key)) {
          return macs[i];
        }
      }
      Mac mac = newMac();
      try {
        // An empty key is legal for HMAC but SecretKeySpec refuses it; such a secret is refused
        // earlier (WebhookSecret is never blank), so a single zero byte only guards the JCA here.
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, ALGORITHM));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 key refused", e);
      }
      int slot = next;
      next = (next + 1) % keys.length;
      keys[slot] = key.clone();
      macs[slot] = mac;
      return mac;
    }
  }
}
