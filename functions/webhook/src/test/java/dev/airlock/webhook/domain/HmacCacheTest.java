package dev.airlock.webhook.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-thread {@code Mac} cache behind the verifiers: rotation, eviction, threads, provider. */
class HmacCacheTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final HubSignatureVerifier github = HubSignatureVerifier.github();

  @AfterEach
  void defaultProvider() {
    Hmac.useProvider(null);
  }

  /** Computed without the code under test: a fresh JDK Mac per call. */
  private static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private Verification verify(String signature, byte[] body, String... secrets) {
    List<WebhookSecret> list = new ArrayList<>();
    for (String s : secrets) {
      list.add(WebhookSecret.of(s));
    }
    return github.verify(
        Headers.ofSingle(Map.of("X-Hub-Signature-256", signature)), body, list, NOW);
  }

  private static byte[] body(long seed, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  @Test
  void verify_shouldMatchTheRightSecret_whenRotationAlternatesBetweenCachedSecrets() {
    byte[] body = body(1, 7 * 1024);
    for (int round = 0; round < 5; round++) {
      assertEquals(
          new Verification.Verified(0),
          verify(sign("new-secret", body), body, "new-secret", "old"));
      assertEquals(
          new Verification.Verified(1), verify(sign("old", body), body, "new-secret", "old"));
      // The old secret removed from the configuration: its cached Mac must not let it through.
      assertEquals(
          new Verification.Refused("signature-invalid"),
          verify(sign("old", body), body, "new-secret"));
    }
  }

  @Test
  void verify_shouldStayCorrect_whenMoreSecretsThanCacheSlotsAreUsed() {
    int n = Hmac.CACHED_KEYS_PER_THREAD + 3;
    String[] secrets = new String[n];
    for (int i = 0; i < n; i++) {
      secrets[i] = "secret-" + i;
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < n; i++) {
        byte[] body = body(round * 100L + i, 512);
        assertEquals(
            new Verification.Verified(i), verify(sign(secrets[i], body), body, secrets), "" + i);
      }
    }
  }

  @Test
  void verify_shouldNotConfuseKeys_whenOneKeyIsAPrefixOfAnother() {
    byte[] body = body(7, 100);
    assertEquals(
        new Verification.Refused("signature-invalid"),
        verify(sign("secret", body), body, "secret-longer"));
    assertEquals(new Verification.Verified(0), verify(sign("secret", body), body, "secret"));
    assertEquals(
        new Verification.Refused("signature-invalid"),
        verify(sign("secret-longer", body), body, "secret"));
  }

  @Test
  void verify_shouldGiveEachThreadTheRightAnswer_whenThreadsVerifyWithDifferentSecretsAtOnce()
      throws Exception {
    int threads = 8;
    int perThread = 300;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  SplittableRandom r = new SplittableRandom(me);
                  int wrong = 0;
                  for (int i = 0; i < perThread; i++) {
                    byte[] body = body(r.nextLong(), 1 + r.nextInt(20_000));
                    int signer = r.nextInt(threads);
                    Verification v =
                        verify(sign("secret-" + signer, body), body, "secret-" + me, "shared");
                    Verification expected =
                        signer == me
                            ? new Verification.Verified(0)
                            : new Verification.Refused("signature-invalid");
                    if (!expected.equals(v)) {
                      wrong++;
                    }
                    if (!new Verification.Verified(1)
                        .equals(verify(sign("shared", body), body, "secret-" + me, "shared"))) {
                      wrong++;
                    }
                  }
                  return wrong;
                }));
      }
      start.countDown();
      for (Future<Integer> f : results) {
        assertEquals(0, f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void useProvider_shouldSwitchEveryThreadsCache_whenAnExplicitProviderIsSet() {
    byte[] body = body(3, 2048);
    assertEquals(new Verification.Verified(0), verify(sign("k", body), body, "k"));

    Hmac.useProvider(Security.getProvider("SunJCE"));

    assertEquals("SunJCE", Hmac.providerName());
    assertEquals(new Verification.Verified(0), verify(sign("k", body), body, "k"));
    assertEquals(
        new Verification.Refused("signature-invalid"), verify(sign("k", body), body, "other"));
  }

  @Test
  void useProvider_shouldRefuse_whenTheProviderHasNoHmacSha256() {
    java.security.Provider sun = Security.getProvider("SUN"); // digests, no Mac
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> Hmac.useProvider(sun));
    assertTrue(e.getMessage().contains("HmacSHA256"));
  }

  @Test
  void parseHex_shouldRefuse_whenDigitsAreNotAsciiHexOrTheLengthIsWrong() {
    String ok = "ab".repeat(32);
    assertEquals(32, Hmac.parseHex(ok, 32).length);
    assertEquals(32, Hmac.parseHex(ok.toUpperCase(java.util.Locale.ROOT), 32).length);
    assertNull(Hmac.parseHex(ok.substring(1), 32));
    assertNull(Hmac.parseHex(ok + "ab", 32));
    assertNull(Hmac.parseHex("\uFF10" + ok.substring(1), 32)); // full-width zero
    assertNull(Hmac.parseHex("g" + ok.substring(1), 32));
    assertNull(Hmac.parseHex(null, 32));
  }

  @Test
  void matches_shouldCompareEveryCandidate_whenTheMatchIsNotTheFirst() {
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    byte[] body = body(9, 64);
    byte[] mac = Hmac.sha256(key, body);
    byte[] wrong = mac.clone();
    wrong[0] ^= 1;

    assertTrue(Hmac.matches(key, new byte[][] {body}, wrong, mac));
    assertFalse(Hmac.matches(key, new byte[][] {body}, wrong));
  }

  @Test
  void prime_shouldRunTheRequestedVerificationsAndRefusals_whenTheProviderWorks() {
    // every 16th verification is followed by two refusals; 1 GitLab run per 100 (at least one)
    assertEquals(100 + 2 * 6 + 1, SignatureWarmUp.prime(100));
    assertEquals(2_000 + 2 * 125 + 20, SignatureWarmUp.prime(2_000));
  }

  @Test
  void parseHex_shouldReadOnlyTheDigitsAfterTheOffset_whenGivenAnOffset() {
    String hex = "0f".repeat(32);
    byte[] parsed = Hmac.parseHex("sha256=" + hex, 7, 32);
    assertEquals(32, parsed.length);
    assertEquals(0x0f, parsed[31]);
    assertNull(Hmac.parseHex("sha256=" + hex, 6, 32)); // the '=' is no digit and too long
    assertNull(Hmac.parseHex("sha256=" + hex + "0", 7, 32));
    assertNull(Hmac.parseHex("sha256=" + hex.substring(2), 7, 32));
    assertNull(Hmac.parseHex(hex, -1, 32));
    assertNull(Hmac.parseHex(hex, hex.length() + 1, 32));
  }

  @Test
  void prepare_shouldSetUpEverySecretAndKeepVerifyingCorrectly_whenCalledBeforeTheFirstRequest() {
    byte[] body = body(11, 7 * 1024);
    assertEquals(
        2, SignatureWarmUp.prepare(List.of(WebhookSecret.of("current"), WebhookSecret.of("old"))));

    assertEquals(
        new Verification.Verified(0), verify(sign("current", body), body, "current", "old"));
    assertEquals(new Verification.Verified(1), verify(sign("old", body), body, "current", "old"));
    assertEquals(
        new Verification.Refused("signature-invalid"),
        verify(sign("other", body), body, "current", "old"));
  }

  @Test
  void verify_shouldRefuseAWrongSignature_whenItFollowsRightOnesWithTheSameCachedMac() {
    SignatureWarmUp.prepare(List.of(WebhookSecret.of("s")));
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 1_000; i++) {
      byte[] body = body(r.nextLong(), 1 + r.nextInt(9_000));
      String right = sign("s", body);
      char last = right.charAt(right.length() - 1);
      String wrong = right.substring(0, right.length() - 1) + (last == '0' ? '1' : '0');
      assertEquals(new Verification.Verified(0), verify(right, body, "s"), "call " + i);
      assertEquals(
          new Verification.Refused("signature-invalid"), verify(wrong, body, "s"), "call " + i);
      // the previous body's signature over another body: no state carried over between calls
      byte[] other = body.clone();
      other[0] ^= 1;
      assertEquals(
          new Verification.Refused("signature-invalid"), verify(right, other, "s"), "call " + i);
    }
  }

  @Test
  void verify_shouldUseOnlyTheConfiguredSecrets_whenAPreparedSecretIsRotatedOut() {
    byte[] body = body(13, 4096);
    SignatureWarmUp.prepare(List.of(WebhookSecret.of("before-rotation")));

    // the new secret was never prepared (a miss), the old one is no longer configured
    assertEquals(
        new Verification.Verified(0), verify(sign("after-rotation", body), body, "after-rotation"));
    assertEquals(
        new Verification.Refused("signature-invalid"),
        verify(sign("before-rotation", body), body, "after-rotation"));
  }

  @Test
  void verify_shouldStayCorrect_whenTheSecretWasPreparedOnAnotherThread() throws Exception {
    byte[] body = body(17, 7 * 1024);
    Thread other = new Thread(() -> SignatureWarmUp.prepare(List.of(WebhookSecret.of("t"))));
    other.start();
    other.join(10_000);

    assertEquals(new Verification.Verified(0), verify(sign("t", body), body, "t"));
    assertEquals(new Verification.Refused("signature-invalid"), verify(sign("u", body), body, "t"));
  }
}
