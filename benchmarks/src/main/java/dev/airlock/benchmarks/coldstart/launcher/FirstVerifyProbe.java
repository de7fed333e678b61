package dev.airlock.benchmarks.coldstart.launcher;

import dev.airlock.webhook.adapter.WebhookCryptoWarmUp;
import dev.airlock.webhook.domain.Headers;
import dev.airlock.webhook.domain.HubSignatureVerifier;
import dev.airlock.webhook.domain.SignatureWarmUp;
import dev.airlock.webhook.domain.Verification;
import dev.airlock.webhook.domain.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Figure 3's child: a fresh JVM on the webhook's deployment jar that performs the start-up a
 * variant prescribes, then times the very first {@code HubSignatureVerifier.verify} of a body read
 * from a file (the signature comes from the parent, so nothing here has hashed before the timed
 * call unless the variant primes). Prints {@code RESULT verified=true initNanos=… verifyNanos=…}.
 *
 * <p>Arguments: {@code <variant> <body file> <signature header value> <secret>}. Variants: {@code
 * jdk} (nothing at start-up: what the function does today), {@code accp} (register Amazon Corretto
 * Crypto Provider first, by reflection so that this class needs only the function jar), {@code
 * warmup} (the function's own {@code WebhookCryptoWarmUp}, what its priming hook runs), {@code
 * primed} (one verification of a throw-away 16 KB body at start-up, what a priming hook would do),
 * {@code primedxN} (N of them), {@code restored} (after the rest, untimed: the webhook's SnapStart
 * {@code afterRestore} hook's key set-up for the configured secret, {@code
 * SignatureWarmUp.prepare}, on this thread, as Lambda's runtime runs that hook on the invocation
 * thread), and combinations joined with {@code +}, e.g. {@code warmup+restored}.
 */
public final class FirstVerifyProbe {
  private FirstVerifyProbe() {}

  public static void main(String[] args) throws Exception {
    String variant = args[0];
    long i0 = System.nanoTime();
    int primes = 0;
    boolean restored = false;
    for (String part : variant.split("\\+")) {
      if (part.equals("accp")) {
        Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider")
            .getMethod("install")
            .invoke(null);
      } else if (part.equals("warmup")) {
        // The production start-up: what the priming hook calls (ACCP's HMAC if on the class path).
        new WebhookCryptoWarmUp().warmUp(SignatureWarmUp.DEFAULT_ITERATIONS);
      } else if (part.equals("restored")) {
        restored = true;
      } else if (part.startsWith("primed")) {
        primes = part.contains("x") ? Integer.parseInt(part.substring(part.indexOf('x') + 1)) : 1;
      } else if (!part.equals("jdk")) {
        throw new IllegalArgumentException("unknown variant part " + part);
      }
    }
    for (int i = 0; i < primes; i++) {
      prime();
    }
    long initNanos = System.nanoTime() - i0;

    byte[] body = Files.readAllBytes(Path.of(args[1]));
    Headers headers = Headers.ofSingle(Map.of("X-Hub-Signature-256", args[2]));
    List<WebhookSecret> secrets = List.of(WebhookSecret.of(args[3]));
    HubSignatureVerifier verifier = HubSignatureVerifier.github();
    Instant now = Instant.now();
    if (restored) {
      // What the restore hook does with the secrets it has just read; not part of the request.
      SignatureWarmUp.prepare(secrets);
    }

    long t0 = System.nanoTime();
    Verification v = verifier.verify(headers, body, secrets, now);
    long verifyNanos = System.nanoTime() - t0;

    String provider = SignatureWarmUp.hmacProviderName();
    System.out.println(
        "RESULT verified="
            + (v instanceof Verification.Verified)
            + " initNanos="
            + initNanos
            + " verifyNanos="
            + verifyNanos
            + " provider="
            + provider);
  }

  /**
   * What a priming hook does at start-up: one verification of a throw-away 16 KB body signed with a
   * throw-away key, through the very code path a request takes (never the real secret).
   */
  private static void prime() throws Exception {
    byte[] body = new byte[16 * 1024];
    Mac mac = Mac.getInstance("HmacSHA256");
    byte[] key = "priming-key-not-a-secret".getBytes(StandardCharsets.UTF_8);
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String sig = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
    Verification v =
        HubSignatureVerifier.github()
            .verify(
                Headers.ofSingle(Map.of("X-Hub-Signature-256", sig)),
                body,
                List.of(WebhookSecret.of("priming-key-not-a-secret")),
                Instant.now());
    if (!(v instanceof Verification.Verified)) {
      throw new IllegalStateException("priming did not verify");
    }
  }
}
