package dev.airlock.aws.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.core.crypto.DataKeyProvider.DataKey;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link KmsDataKeyProviderScenarios} against Airlock's local KMS endpoint (real socket, KMS JSON
 * protocol), plus the key-state scenarios only that endpoint is trusted for: a disabled or
 * deletion-pending key makes what it wrapped unreadable, with the real KMS error codes. This is the
 * crypto-shredding guarantee, so it is not delegated to a third-party emulator.
 */
@ExtendWith(LocalAwsExtension.class)
class KmsDataKeyProviderIT extends KmsDataKeyProviderScenarios {

  @Test
  void generateAndUnwrap_shouldThrowKeyUnavailable_whenKeyIsDisabled() {
    String key = newKey();
    DataKey dk = provider.generate(key, CONTEXT);
    kms.disableKey(b -> b.keyId(key));

    KeyUnavailableException onUnwrap =
        assertThrows(KeyUnavailableException.class, () -> provider.unwrap(dk.wrapped(), CONTEXT));
    KeyUnavailableException onGenerate =
        assertThrows(KeyUnavailableException.class, () -> provider.generate(key, CONTEXT));

    assertEquals("DisabledException", onUnwrap.reason());
    assertEquals("DisabledException", onGenerate.reason());
  }

  @Test
  void unwrap_shouldThrowKeyUnavailable_whenKeyIsPendingDeletion() {
    String key = newKey();
    DataKey dk = provider.generate(key, CONTEXT);
    kms.scheduleKeyDeletion(b -> b.keyId(key).pendingWindowInDays(7));

    KeyUnavailableException e =
        assertThrows(KeyUnavailableException.class, () -> provider.unwrap(dk.wrapped(), CONTEXT));
    assertEquals("KMSInvalidStateException", e.reason());
  }

  @Test
  void envelope_shouldBecomeUnreadable_whenKeyIsDisabled() {
    String key = newKey();
    EnvelopeCipher cipher = new EnvelopeCipher(provider);
    byte[] plaintext = "{\"findings\":[]}".getBytes(StandardCharsets.UTF_8);
    byte[] envelope = cipher.encrypt(key, CONTEXT, plaintext);
    assertArrayEquals(plaintext, cipher.decrypt(envelope, CONTEXT));

    kms.disableKey(b -> b.keyId(key));

    assertThrows(KeyUnavailableException.class, () -> cipher.decrypt(envelope, CONTEXT));
    assertThrows(KeyUnavailableException.class, () -> cipher.decrypt(envelope, key, CONTEXT));
  }
}
