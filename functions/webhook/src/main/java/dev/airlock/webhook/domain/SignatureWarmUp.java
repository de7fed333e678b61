package dev.airlock.webhook.domain;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Start-up work for the signature check, for a priming hook (SnapStart / CRaC {@code
 * beforeCheckpoint}, or the end of init without SnapStart): runs the verifiers' own code on a
 * throw-away body signed with a throw-away key until the JIT has compiled it, so that the first
 * real request does not pay for loading the JCA provider and for interpreted hashing.
 *
 * <p>Nothing secret is touched: the key is a constant that is no webhook secret, so a snapshot
 * taken after priming holds no secret in the verifiers' per-thread {@code Mac} caches.
 *
 * <p>Fails with {@link IllegalStateException} if a primed verification does not verify (a broken
 * provider must fail the start-up, not the first request).
 */
public final class SignatureWarmUp {
  /** Verifications that bring the check to C1-compiled code on Lambda's default flags. */
  public static final int DEFAULT_ITERATIONS = 2_000;

  private static final String KEY = "airlock-priming-key-not-a-secret";
  private static final int BODY_BYTES = 4 * 1024;
  private static final String GITHUB_HEADER = "X-Hub-Signature-256";

  private SignatureWarmUp() {}

  /**
   * Makes every webhook HMAC come from {@code provider} (e.g. Amazon Corretto Crypto Provider's
   * native HMAC) without registering it for anything else, so that the JDK's {@code SecureRandom}
   * and other algorithms stay as they are. Null returns to the JDK's default provider order.
   *
   * @throws IllegalStateException if the provider does not offer HmacSHA256
   */
  public static void useHmacProvider(Provider provider) {
    Hmac.useProvider(provider);
  }

  /** The name of the provider the webhook's HMAC comes from now (for start-up logs and probes). */
  public static String hmacProviderName() {
    return Hmac.providerName();
  }

  /**
   * Brings the configured secrets to the state a second request finds them in, on the calling
   * thread: for each secret, one complete GitHub-style verification of a throw-away body signed
   * with it, through the same {@code verify} a request runs. Meant for the thread that will verify
   * the first requests (after a SnapStart restore: Lambda's runtime calls the CRaC {@code
   * afterRestore} hooks on the thread that then runs the invocations). Never call this before a
   * snapshot: the thread's cache would hold the secrets' keys in it.
   *
   * <p>Why a whole verification and not only {@code Mac.init}: a provider may defer the key
   * schedule to the first {@code update} (Amazon Corretto Crypto Provider's {@code init} only
   * stores the key; its native {@code HMAC_Init_ex} with the key runs on the first update), so
   * after {@code init} alone the first request still paid for it; and after a restore the memory of
   * the snapshot is paged in on first touch, so running the request's own code and data now
   * (compiled verifier, native HMAC, this thread's cached {@code Mac}) takes that off the first
   * request. The throw-away body is not JSON (a request carrying it would be refused by the parser)
   * and its signature is dropped.
   *
   * @param secrets HMAC secrets (GitHub's, Bitbucket's); their bytes stay in this thread's cache
   * @return how many keys were set up
   * @throws IllegalStateException if a throw-away verification does not verify (a broken provider)
   */
  public static int prepare(List<WebhookSecret> secrets) {
    byte[] body = throwAwayBody();
    HubSignatureVerifier github = HubSignatureVerifier.github();
    Instant now = Instant.now();
    int n = 0;
    for (WebhookSecret secret : secrets) {
      byte[] mac = Hmac.sha256(secret.raw(), body);
      Headers headers =
          Headers.ofSingle(Map.of(GITHUB_HEADER, "sha256=" + HexFormat.of().formatHex(mac)));
      java.util.Arrays.fill(mac, (byte) 0);
      check(github.verify(headers, body, List.of(secret), now));
      n++;
    }
    return n;
  }

  /**
   * Runs {@code iterations} GitHub-style verifications (and a few GitLab signing-token ones) of a
   * throw-away body on the calling thread, and after every 16th two that must be refused (a wrong
   * signature; no, a malformed or a repeated one in turn).
   *
   * @return the number of verifications run, refusals included
   * @throws IllegalStateException if one does not verify, or a refusal is not refused
   */
  public static int prime(int iterations) {
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    byte[] body = throwAwayBody();
    // More throw-away keys than a thread caches, used in turn: every other call misses the cache,
    // so the first real request's miss (its secret was never primed) runs compiled code too.
    int keys = Hmac.CACHED_KEYS_PER_THREAD + 2;
    List<List<WebhookSecret>> secrets = new java.util.ArrayList<>();
    List<Headers> hub = new java.util.ArrayList<>();
    List<Headers> wrong = new java.util.ArrayList<>();
    for (int k = 0; k < keys; k++) {
      String text = KEY + "-" + k;
      secrets.add(List.of(WebhookSecret.of(text)));
      byte[] mac = Hmac.sha256(text.getBytes(StandardCharsets.UTF_8), body);
      hub.add(Headers.ofSingle(Map.of(GITHUB_HEADER, "sha256=" + HexFormat.of().formatHex(mac))));
      mac[0] ^= 1;
      wrong.add(Headers.ofSingle(Map.of(GITHUB_HEADER, "sha256=" + HexFormat.of().formatHex(mac))));
    }
    // The refusals a first request may bring (no, a malformed, a wrong signature) also run during
    // priming: a branch C1 compiled but never ran would resolve its classes and calls on that
    // request, and a refused first request must not slow the verified ones after it.
    List<Headers> refusedHeaders =
        List.of(
            Headers.ofSingle(Map.of()),
            Headers.ofSingle(Map.of("X-Hub-Signature", "sha1=" + "0".repeat(40))),
            Headers.ofSingle(Map.of(GITHUB_HEADER, "sha1=" + "0".repeat(40))),
            Headers.ofSingle(Map.of(GITHUB_HEADER, "sha256=" + "g".repeat(64))),
            Headers.of(Map.of(GITHUB_HEADER, List.of("sha256=0", "sha256=1"))));
    HubSignatureVerifier github = HubSignatureVerifier.github();
    Instant now = Instant.now();
    int runs = 0;
    for (int i = 0; i < iterations; i++) {
      // even: the next key in turn (a miss); odd: the same key again (a hit)
      int k = (i / 2) % keys;
      check(github.verify(hub.get(k), body, secrets.get(k), now));
      runs++;
      if (i % 16 == 15) {
        refused(github.verify(wrong.get(k), body, secrets.get(k), now));
        refused(
            github.verify(
                refusedHeaders.get((i / 16) % refusedHeaders.size()), body, secrets.get(k), now));
        runs += 2;
      }
    }

    String signing = GitLabVerifier.SIGNING_PREFIX + Base64.getEncoder().encodeToString(key);
    String timestamp = Long.toString(now.getEpochSecond());
    byte[] signed =
        Hmac.sha256(key, ("priming." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    Headers gitlab =
        Headers.ofSingle(
            Map.of(
                "webhook-id",
                "priming",
                "webhook-timestamp",
                timestamp,
                "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(signed)));
    GitLabVerifier gitlabVerifier = new GitLabVerifier(java.time.Duration.ofMinutes(5));
    List<WebhookSecret> signingSecrets = List.of(WebhookSecret.of(signing));
    int gitlabRuns = Math.max(1, iterations / 100);
    for (int i = 0; i < gitlabRuns; i++) {
      check(gitlabVerifier.verify(gitlab, body, signingSecrets, now));
    }
    return runs + gitlabRuns;
  }

  /** What {@link #prime} and {@link #prepare} verify: {@value #BODY_BYTES} bytes, not JSON. */
  private static byte[] throwAwayBody() {
    byte[] body = new byte[BODY_BYTES];
    java.util.Arrays.fill(body, (byte) 'a');
    return body;
  }

  private static void refused(Verification v) {
    if (!(v instanceof Verification.Refused)) {
      throw new IllegalStateException("priming refusal was not refused: " + v);
    }
  }

  private static void check(Verification v) {
    if (!(v instanceof Verification.Verified)) {
      throw new IllegalStateException("priming verification did not verify: " + v);
    }
  }
}
