package dev.airlock.webhook.adapter;

import dev.airlock.webhook.domain.SignatureWarmUp;
import java.security.Provider;
import java.util.Optional;

/**
 * The webhook's crypto start-up, for the priming hook: {@code new
 * WebhookCryptoWarmUp().warmUp(SignatureWarmUp.DEFAULT_ITERATIONS)} before the snapshot (SnapStart
 * / CRaC {@code beforeCheckpoint}) or at the end of init.
 *
 * <p>If Amazon Corretto Crypto Provider (ACCP) is on the class path, its native HMAC-SHA256 is used
 * for the webhook signatures — fast from the first call even on Lambda's C1-only JIT, where
 * SunJCE's Java SHA-256 stays many times slower than warm — and only for them: ACCP is not
 * registered as a JCA provider, so {@code SecureRandom} and every other algorithm stay the JDK's
 * (nothing random is captured in a snapshot). If ACCP is present but its native library does not
 * load or fails its self-tests, the start-up fails rather than silently falling back, so a
 * packaging mistake shows at deploy time. Without ACCP the JDK's provider is primed.
 *
 * <p>Loaded by reflection so that the function compiles and runs without the (per-architecture)
 * ACCP jar; packaging decides.
 */
public final class WebhookCryptoWarmUp {
  static final String ACCP_CLASS =
      "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

  /**
   * Chooses the HMAC provider and primes the verifiers.
   *
   * @param iterations priming verifications ({@link SignatureWarmUp#DEFAULT_ITERATIONS})
   * @return the name of the provider the webhook's HMAC now comes from
   * @throws IllegalStateException if ACCP is present but unhealthy, or priming does not verify
   */
  public String warmUp(int iterations) {
    correttoProvider().ifPresent(SignatureWarmUp::useHmacProvider);
    SignatureWarmUp.prime(iterations);
    return SignatureWarmUp.hmacProviderName();
  }

  /**
   * ACCP's provider instance if its class is on the class path and it reports healthy.
   *
   * @throws IllegalStateException if it is present but unhealthy
   */
  static Optional<Provider> correttoProvider() {
    Class<?> type;
    try {
      type = Class.forName(ACCP_CLASS, true, WebhookCryptoWarmUp.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError absent) {
      return Optional.empty();
    }
    try {
      Provider accp = (Provider) type.getField("INSTANCE").get(null);
      // Throws if the native library did not load or a self-test failed.
      type.getMethod("assertHealthy").invoke(accp);
      return Optional.of(accp);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Throwable cause =
          e instanceof java.lang.reflect.InvocationTargetException i ? i.getCause() : e;
      throw new IllegalStateException(
          "Amazon Corretto Crypto Provider is on the class path but not healthy: "
              + cause.getClass().getSimpleName(),
          cause);
    }
  }
}
