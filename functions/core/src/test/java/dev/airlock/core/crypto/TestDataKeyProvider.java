package dev.airlock.core.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * In-process {@link DataKeyProvider} for unit tests of the domain port (not a stand-in for KMS: KMS
 * behaviour is tested against the local KMS endpoint). It behaves like KMS where the cipher depends
 * on it: the wrapped blob names its master key and is authenticated together with the encryption
 * context; a disabled key is unavailable. It records every plaintext array it hands out, so tests
 * can check the caller zeroed them.
 */
public final class TestDataKeyProvider implements DataKeyProvider {

  private final SecureRandom random = new SecureRandom();
  private final Map<String, byte[]> masterKeys = new HashMap<>();
  private final Set<String> disabled = new HashSet<>();
  public final List<byte[]> handedOut = new ArrayList<>();
  final List<String> unwrapKeyIds = new ArrayList<>();

  public TestDataKeyProvider(String... keyIds) {
    for (String id : keyIds) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      masterKeys.put(id, k);
    }
  }

  public void disable(String keyId) {
    disabled.add(keyId);
  }

  @Override
  public DataKey generate(String keyId, Map<String, String> context) {
    byte[] master = usable(keyId);
    byte[] plaintext = new byte[32];
    random.nextBytes(plaintext);
    byte[] iv = new byte[12];
    random.nextBytes(iv);
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(aad(id, context));
      byte[] ct = c.doFinal(plaintext);
      ByteArrayOutputStream blob = new ByteArrayOutputStream();
      blob.write(id.length);
      blob.writeBytes(id);
      blob.writeBytes(iv);
      blob.writeBytes(ct);
      byte[] handed = plaintext.clone();
      handedOut.add(handed);
      return new DataKey(handed, blob.toByteArray(), "arn:test:key/" + keyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] unwrap(byte[] wrapped, Map<String, String> context) {
    return unwrapInternal(null, wrapped, context);
  }

  @Override
  public byte[] unwrap(String keyId, byte[] wrapped, Map<String, String> context) {
    unwrapKeyIds.add(keyId);
    return unwrapInternal(keyId, wrapped, context);
  }

  private byte[] unwrapInternal(String pinned, byte[] wrapped, Map<String, String> context) {
    try {
      ByteBuffer in = ByteBuffer.wrap(wrapped);
      byte[] id = new byte[in.get() & 0xff];
      in.get(id);
      String keyId = new String(id, StandardCharsets.UTF_8);
      if (!masterKeys.containsKey(keyId)) {
        throw new InvalidCiphertextException("blob names no known key");
      }
      if (pinned != null && !pinned.equals("arn:test:key/" + keyId)) {
        throw new InvalidCiphertextException("IncorrectKeyException");
      }
      byte[] master = usable(keyId);
      byte[] iv = new byte[12];
      in.get(iv);
      byte[] ct = new byte[in.remaining()];
      in.get(ct);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(aad(id, context));
      byte[] handed = c.doFinal(ct);
      handedOut.add(handed);
      return handed;
    } catch (AEADBadTagException | java.nio.BufferUnderflowException e) {
      throw new InvalidCiphertextException("wrapped key does not authenticate");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidCiphertextException("wrapped key is malformed");
    }
  }

  private byte[] usable(String keyId) {
    byte[] master = masterKeys.get(keyId);
    if (master == null) {
      throw new KeyUnavailableException("NotFoundException", "no such key");
    }
    if (disabled.contains(keyId)) {
      throw new KeyUnavailableException("DisabledException", "key is disabled");
    }
    return master;
  }

  private static byte[] aad(byte[] keyId, Map<String, String> context) {
    StringBuilder sb = new StringBuilder(new String(keyId, StandardCharsets.UTF_8));
    new TreeMap<>(context).forEach((k, v) -> sb.append('\0').append(k).append('\0').append(v));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
