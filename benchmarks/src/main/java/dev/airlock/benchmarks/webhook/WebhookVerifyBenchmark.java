package dev.airlock.benchmarks.webhook;

import dev.airlock.webhook.domain.Headers;
import dev.airlock.webhook.domain.HubSignatureVerifier;
import dev.airlock.webhook.domain.Verification;
import dev.airlock.webhook.domain.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Figure 2: the webhook's signature check, warm, against the floor — JDK HMAC-SHA256 over the same
 * bytes with a {@link Mac} initialised once, the least any verifier must do.
 */
@State(Scope.Benchmark)
public class WebhookVerifyBenchmark {
  @Param({"7168", "1048576", "6291456"})
  public int size;

  private byte[] body;
  private Headers headers;
  private List<WebhookSecret> secrets;
  private HubSignatureVerifier verifier;
  private Mac mac;
  private Instant now;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    body = Bodies.json(size);
    headers = Headers.ofSingle(Map.of("X-Hub-Signature-256", Bodies.githubSignature(body)));
    secrets = List.of(WebhookSecret.of(Bodies.TEST_SECRET));
    verifier = HubSignatureVerifier.github();
    mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Bodies.TEST_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    now = Instant.now();
    if (!(verifier.verify(headers, body, secrets, now) instanceof Verification.Verified)) {
      throw new IllegalStateException("the benchmark's signature does not verify");
    }
  }

  @Benchmark
  public Verification verifier() {
    return verifier.verify(headers, body, secrets, now);
  }

  @Benchmark
  public byte[] jdkHmac() {
    return mac.doFinal(body);
  }

  /**
   * Not the floor: the floor plus a JCA look-up and key set-up per call, which is what the verifier
   * does today; the difference to {@link #jdkHmac()} is what caching an initialised {@link Mac}
   * would save.
   */
  @Benchmark
  public byte[] jdkHmacLookupPerCall() throws GeneralSecurityException {
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(Bodies.TEST_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return m.doFinal(body);
  }
}
