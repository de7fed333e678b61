package dev.airlock.core.priming;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The warm-ups every function's SnapStart priming runs before the snapshot: JSON (de)serialization
 * and HMAC-SHA256 + AES-256-GCM, so a restored environment's first invocation runs compiled code
 * with the JCA providers already loaded.
 *
 * <p>They never touch a secret: the JSON sample is a constant, and the keys are random throw-aways
 * zeroed after use, so nothing sensitive can be captured in the snapshot.
 */
public final class Warmups {
  private static final byte[] SAMPLE =
      "{\"id\":\"priming\",\"n\":1,\"ok\":true,\"list\":[1,2,3],\"nested\":{\"a\":null}}"
          .getBytes(StandardCharsets.UTF_8);

  private Warmups() {}

  /**
   * Reads and writes a small document {@code rounds} times.
   *
   * @throws UncheckedIOException if the mapper cannot (the snapshot must not be taken then)
   */
  public static void json(JsonMapper json, int rounds) {
    try {
      for (int i = 0; i < rounds; i++) {
        json.writeValueAsBytes(json.readValue(SAMPLE, Map.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("JSON priming failed", e);
    }
  }

  /**
   * Runs HMAC-SHA256 and AES-256-GCM over an 8 KiB block {@code rounds} times under a random
   * throw-away key.
   *
   * @throws IllegalStateException if an algorithm is missing (the environment could not serve)
   */
  public static void crypto(int rounds) {
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[32];
    byte[] iv = new byte[12];
    byte[] block = new byte[8192];
    random.nextBytes(key);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      SecretKeySpec aesKey = new SecretKeySpec(key, "AES");
      for (int i = 0; i < rounds; i++) {
        mac.doFinal(block);
        random.nextBytes(iv);
        aes.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, iv));
        aes.doFinal(block);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("crypto priming failed: " + e.getClass().getSimpleName());
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
