package dev.airlock.core.state;

import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.CardDataGuard;
import dev.airlock.core.audit.RedactionGuard;
import dev.airlock.core.crypto.EnvelopeCipher;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link StateStore} decorator that refuses to store card data or secrets: the enforcement point
 * for "never receives or stores card data" and "never stores a token".
 *
 * <p>Every write's bytes are decoded as UTF-8 (lossily) and checked with {@link CardDataGuard};
 * plaintext JSON (valid UTF-8 starting with {@code {} or {@code [}) is also checked with {@link
 * RedactionGuard}. A hit throws {@link SensitiveDataRefusedException}, writes nothing and audits
 * {@code state.refused} with the kind and the object key.
 *
 * <p>Values whose metadata says they are envelopes ({@code airlock-enc=envelope-v1}) are not
 * scanned: ciphertext is random, so scanning it would only produce false positives, and its
 * plaintext was produced by code that encrypts documents, not raw input. The label is verified
 * against the envelope magic, so plaintext cannot skip the scan by claiming to be encrypted; such a
 * write is refused as {@code mislabelled-envelope}.
 *
 * <p>Because envelopes are not scanned, code that seals a document built from outside input (the
 * billing document, projected from Stripe events) checks its plaintext before sealing with {@link
 * #checkPlaintext}, and gets the same refusal and audit record as a plain write.
 *
 * <p>Reads, listing and deletion pass straight through.
 */
public final class GuardedStateStore implements StateStore {

  /** Audit action of a refused write. */
  public static final String REFUSED_ACTION = "state.refused";

  private final StateStore delegate;
  private final AuditLog audit;

  public GuardedStateStore(StateStore delegate, AuditLog audit) {
    if (delegate == null || audit == null) {
      throw new IllegalArgumentException("a state store and an audit log are required");
    }
    this.delegate = delegate;
    this.audit = audit;
  }

  @Override
  public Optional<StoredObject> get(String key) {
    return delegate.get(key);
  }

  @Override
  public WriteResult createIfAbsent(String key, byte[] value, Map<String, String> metadata) {
    guard(key, value, metadata);
    return delegate.createIfAbsent(key, value, metadata);
  }

  @Override
  public WriteResult replaceIfMatch(
      String key, byte[] value, String expectedEtag, Map<String, String> metadata) {
    guard(key, value, metadata);
    return delegate.replaceIfMatch(key, value, expectedEtag, metadata);
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public int deleteAllVersions(String key) {
    return delegate.deleteAllVersions(key);
  }

  /**
   * Refuses (and audits) a plaintext that is about to be sealed and stored at {@code key}, exactly
   * as a plain write of it would be refused.
   *
   * @throws SensitiveDataRefusedException if it looks like card data or a secret
   */
  public void checkPlaintext(String key, byte[] plaintext) {
    guard(key, plaintext, Map.of());
  }

  private void guard(String key, byte[] value, Map<String, String> metadata) {
    if (value == null) {
      throw new IllegalArgumentException("value is required");
    }
    findViolation(value, metadata == null ? Map.of() : metadata)
        .ifPresent(
            kind -> {
              audit.record(AuditRecord.of(REFUSED_ACTION, "rejected", kind, Map.of("key", key)));
              throw new SensitiveDataRefusedException(kind);
            });
  }

  /** What a write of {@code value} with {@code metadata} would be refused for, if anything. */
  static Optional<String> findViolation(byte[] value, Map<String, String> metadata) {
    if (EnvelopeCipher.METADATA_VALUE.equals(metadata.get(EnvelopeCipher.METADATA_KEY))) {
      return EnvelopeCipher.looksLikeEnvelope(value)
          ? Optional.empty()
          : Optional.of("mislabelled-envelope");
    }
    Optional<String> strict = strictUtf8(value);
    String text = strict.orElseGet(() -> new String(value, StandardCharsets.UTF_8));
    Optional<String> card = CardDataGuard.findViolation(text);
    if (card.isPresent()) {
      return card;
    }
    if (strict.isPresent() && isJson(text)) {
      return RedactionGuard.findViolation(text);
    }
    return Optional.empty();
  }

  private static Optional<String> strictUtf8(byte[] value) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFEFF' || Character.isWhitespace(c)) {
        continue;
      }
      return c == '{' || c == '[';
    }
    return false;
  }
}
