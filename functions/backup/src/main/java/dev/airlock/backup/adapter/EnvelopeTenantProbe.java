package dev.airlock.backup.adapter;

import dev.airlock.backup.port.TenantProbe;
import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.InvalidCiphertextException;
import dev.airlock.core.crypto.KeyServiceException;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.StateKeys;
import java.util.Arrays;
import java.util.Map;

/**
 * {@link TenantProbe} that tries to open a tenant envelope with the tenant key (through a region's
 * KMS) and throws the plaintext away at once. The envelope's context must name the object's own key
 * and an account whose prefix holds it; the tenant key's state then decides: disabled, pending
 * deletion or gone is {@code SHREDDED}.
 */
public final class EnvelopeTenantProbe implements TenantProbe {
  private static final String CONTEXT_ACCOUNT = "airlock:account";
  private static final String CONTEXT_KEY = "airlock:key";

  private final EnvelopeCipher cipher;

  public EnvelopeTenantProbe(DataKeyProvider tenantKeys) {
    this.cipher = new EnvelopeCipher(tenantKeys);
  }

  @Override
  public Decryptability probe(String objectKey, byte[] envelope) {
    try {
      if (!EnvelopeCipher.looksLikeEnvelope(envelope)) {
        return Decryptability.UNREADABLE;
      }
      Map<String, String> context = EnvelopeCipher.contextOf(envelope);
      String account = context.get(CONTEXT_ACCOUNT);
      if (!objectKey.equals(context.get(CONTEXT_KEY))
          || account == null
          || !objectKey.startsWith(StateKeys.tenantPrefix(account))) {
        return Decryptability.UNREADABLE;
      }
      byte[] plaintext = cipher.decrypt(envelope, context);
      Arrays.fill(plaintext, (byte) 0);
      return Decryptability.READABLE;
    } catch (KeyUnavailableException e) {
      return Decryptability.SHREDDED;
    } catch (InvalidCiphertextException | IllegalArgumentException e) {
      return Decryptability.UNREADABLE;
    } catch (KeyServiceException e) {
      return Decryptability.UNKNOWN;
    }
  }
}
