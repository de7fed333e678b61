package dev.airlock.backup.domain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The authentication tag of a manifest (format version 2): HMAC-SHA256 over every field of the
 * manifest but the tag itself, in a fixed binary encoding, under a key derived from the snapshot's
 * data key with HKDF-SHA256 ({@value #HKDF_INFO}, RFC 5869). Only a holder of the data key (whoever
 * KMS lets unwrap it under the backup key and the snapshot's encryption context, i.e. the backup
 * itself) can produce a tag that verifies, so a manifest whose digest, counts or any other field
 * was changed in the bucket is refused as soon as its data key is unwrapped, before the archive is
 * read ({@code manifest-authentication}).
 *
 * <p>Why it exists (benchmarks figure 9): with the manifest authenticated, a verify no longer has
 * to recompute the archive's SHA-256 to notice a changed ciphertext digest in the manifest; every
 * chunk's tag (under the same data key), the header and the lengths and counts (now authentic)
 * already fix the archive byte for byte. The key derived here is used for nothing else; the data
 * key itself only ever keys AES-GCM.
 */
public final class ManifestSeal {
  private ManifestSeal() {}

  /** HKDF info: names what the derived key is for, so it can never equal a key for another use. */
  static final String HKDF_INFO = "airlock-backup-manifest-mac-v2";

  private static final byte[] LABEL =
      "airlock-backup-manifest-v2".getBytes(StandardCharsets.US_ASCII);

  /** Bytes of a tag (HMAC-SHA256). */
  public static final int TAG_BYTES = 32;

  /**
   * The tag (base64) of {@code m}'s fields, {@link Manifest#manifestMac()} excepted.
   *
   * @param dataKey the snapshot's 256-bit data key (not kept)
   */
  public static String tag(Manifest m, byte[] dataKey) {
    return Base64.getEncoder().encodeToString(compute(m, dataKey));
  }

  /**
   * Whether {@code m} carries a tag and it matches its fields under {@code dataKey} (compared in
   * constant time).
   */
  public static boolean verifies(Manifest m, byte[] dataKey) {
    if (m.manifestMac() == null) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(m.manifestMac());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, compute(m, dataKey));
  }

  private static byte[] compute(Manifest m, byte[] dataKey) {
    if (dataKey == null || dataKey.length != 32) {
      throw new IllegalArgumentException("a 256-bit data key is required");
    }
    byte[] macKey = hkdf(dataKey, HKDF_INFO.getBytes(StandardCharsets.US_ASCII));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
      return mac.doFinal(encode(m));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    } finally {
      Arrays.fill(macKey, (byte) 0);
    }
  }

  /** HKDF-SHA256 (RFC 5869) with an empty salt, 32 bytes of output (one expand block). */
  static byte[] hkdf(byte[] ikm, byte[] info) {
    byte[] prk = null;
    try {
      Mac extract = Mac.getInstance("HmacSHA256");
      // RFC 5869 2.2: no salt means HashLen zero bytes.
      extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      prk = extract.doFinal(ikm);
      Mac expand = Mac.getInstance("HmacSHA256");
      expand.init(new SecretKeySpec(prk, "HmacSHA256"));
      expand.update(info);
      expand.update((byte) 1);
      return expand.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    } finally {
      if (prk != null) {
        Arrays.fill(prk, (byte) 0);
      }
    }
  }

  /**
   * Every field but the tag, in declaration order: strings as a presence byte, a u32 length and
   * UTF-8; numbers big-endian; instants as seconds and nanoseconds; the encryption context sorted
   * by name. Unambiguous, so two different manifests never encode alike.
   */
  static byte[] encode(Manifest m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(LABEL);
      out.writeInt(m.formatVersion());
      string(out, m.snapshotId());
      string(out, m.series());
      instant(out, m.snapshotTime());
      instant(out, m.startedAt());
      instant(out, m.completedAt());
      string(out, m.previousSnapshotId());
      string(out, m.sourceBucket());
      out.writeLong(m.objectCount());
      out.writeLong(m.contentBytes());
      out.writeLong(m.plaintextBytes());
      string(out, m.plaintextSha256());
      out.writeLong(m.ciphertextBytes());
      string(out, m.ciphertextSha256());
      string(out, m.archiveChecksum());
      string(out, m.archiveVersionId());
      string(out, m.compression());
      out.writeInt(m.chunkBytes());
      out.writeLong(m.chunkCount());
      string(out, m.cipher());
      string(out, m.kmsKeyId());
      string(out, m.wrappedDataKey());
      Map<String, String> context = new TreeMap<>(m.encryptionContext());
      out.writeInt(context.size());
      for (Map.Entry<String, String> e : context.entrySet()) {
        string(out, e.getKey());
        string(out, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeByte(0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeByte(1);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }
}
