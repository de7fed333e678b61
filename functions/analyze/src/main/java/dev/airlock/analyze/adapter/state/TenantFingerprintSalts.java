package dev.airlock.analyze.adapter.state;

import dev.airlock.analyze.port.FingerprintSalts;
import dev.airlock.analyze.port.JsonCodec;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.tenant.TenantDocuments;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * {@link FingerprintSalts} as a tenant document ({@link StateKeys#fingerprintSalt}, kind {@code
 * salt}): 32 random bytes made on first use with a conditional create (concurrent first uses agree
 * on the winner's salt), sealed under the account's key, so shredding the account also makes its
 * fingerprints unlinkable.
 */
public final class TenantFingerprintSalts implements FingerprintSalts {
  static final String KIND = "salt";
  private static final int SALT_BYTES = 32;

  private final TenantDocuments documents;
  private final JsonCodec json;
  private final SecureRandom random = new SecureRandom();

  public TenantFingerprintSalts(TenantDocuments documents, JsonCodec json) {
    this.documents = documents;
    this.json = json;
  }

  @Override
  public byte[] saltFor(String accountId) {
    String key = StateKeys.fingerprintSalt(accountId);
    Optional<byte[]> existing = read(accountId, key);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] doc =
        json.write(Map.of("version", 1L, "salt", Base64.getEncoder().encodeToString(salt)));
    if (documents.create(accountId, KIND, key, doc).written()) {
      return salt;
    }
    return read(accountId, key)
        .orElseThrow(() -> new StateStoreException("fingerprint salt vanished after a lost race"));
  }

  private Optional<byte[]> read(String accountId, String key) {
    return documents
        .read(accountId, KIND, key)
        .map(
            d ->
                Base64.getDecoder()
                    .decode((String) ((Map<?, ?>) json.read(d.plaintext())).get("salt")));
  }
}
