package dev.airlock.backup.domain.archive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sealed archive format: a stream of AES-256-GCM chunks under one per-snapshot data key.
 *
 * <pre>
 * header: magic "ALKS" | format version (1 byte, = 1) | snapshot id length (u16) | snapshot id
 *         (UTF-8) | chunk size (u32)
 * chunk*: flags (1 byte: 1 = final, 0 = not) | plaintext length (u32) | ciphertext || 16-byte tag
 * </pre>
 *
 * Every chunk but the last holds exactly {@code chunk size} plaintext bytes; the last one (flag 1)
 * holds 0 to {@code chunk size} bytes and nothing may follow it. Integers are big-endian.
 *
 * <p>Nonce: 4 zero bytes then the chunk index (u64). The data key is fresh per snapshot and each
 * index is used once, so no nonce repeats under a key. AAD: {@code "airlock-backup-chunk-v1"} |
 * snapshot id length (u16) | snapshot id | chunk index (u64) | final flag (1 byte). So a chunk
 * moved to another position fails (index), a stream cut after a non-final chunk is detected (no
 * final chunk), a non-final chunk cannot pose as the last (flag), and chunks of another snapshot
 * fail (id and key).
 */
public final class ChunkedCipher {
  private ChunkedCipher() {}

  static final byte[] MAGIC = {'A', 'L', 'K', 'S'};
  static final int FORMAT_VERSION = 1;
  static final int TAG_BYTES = 16;
  static final int NONCE_BYTES = 12;
  static final int KEY_BYTES = 32;
  static final int FRAME_HEADER_BYTES = 5;
  static final byte FINAL = 1;
  static final byte NOT_FINAL = 0;

  /** Smallest and largest chunk sizes accepted (a hostile header cannot demand a huge buffer). */
  public static final int MIN_CHUNK_BYTES = 1024;

  public static final int MAX_CHUNK_BYTES = 16 * 1024 * 1024;

  /** The default: 1 MiB, small enough to bound memory, large enough to keep overhead < 0.01%. */
  public static final int DEFAULT_CHUNK_BYTES = 1024 * 1024;

  static final int MAX_SNAPSHOT_ID_BYTES = 128;

  private static final byte[] AAD_LABEL =
      "airlock-backup-chunk-v1".getBytes(StandardCharsets.US_ASCII);

  static byte[] header(String snapshotId, int chunkBytes) {
    byte[] id = snapshotId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 1 + 2 + id.length + 4);
    b.put(MAGIC).put((byte) FORMAT_VERSION).putShort((short) id.length).put(id).putInt(chunkBytes);
    return b.array();
  }

  static byte[] nonce(long index) {
    return ByteBuffer.allocate(NONCE_BYTES).putInt(0).putLong(index).array();
  }

  static byte[] aad(byte[] snapshotId, long index, boolean last) {
    return ByteBuffer.allocate(AAD_LABEL.length + 2 + snapshotId.length + 8 + 1)
        .put(AAD_LABEL)
        .putShort((short) snapshotId.length)
        .put(snapshotId)
        .putLong(index)
        .put(last ? FINAL : NOT_FINAL)
        .array();
  }

  private static final AtomicBoolean WARM = new AtomicBoolean();

  /** Cipher inits of the warm-up; measured: ~0.2 s of CPU, once per JVM. */
  static final int WARM_UP_ROUNDS = 8000;

  /** Every this many warm-up rounds, one takes a large input (see {@link #warmUp}). */
  private static final int WARM_UP_LARGE_EVERY = 64;

  /** Past the provider's 64 KiB split of large inputs, not a multiple of the AES block. */
  private static final int WARM_UP_LARGE_BYTES = 96 * 1024 + 5;

  /**
   * Gets C2 to compile the AES-GCM path with its intrinsics (AES-CTR, GHASH) before the second real
   * chunk (the streams call it once they know an archive has more than one: a one-chunk archive, a
   * small state, would pay ~16,000 cipher calls and 24 MB of AES-GCM for nothing, which under
   * Lambda's default C1-only flags was most of a cold backup's CPU); idempotent, once per JVM.
   * HotSpot uses the GHASH intrinsic only where the calling code is C2-compiled, and that takes
   * thousands of cipher invocations: at one invocation per 1 MiB chunk, several gigabytes of
   * archive would go through the Java GHASH first, about 60 MB/s of CPU instead of gigabytes per
   * second (benchmarks figure 8). Thousands of tiny encryptions and decryptions under a throw-away
   * random key (never a data key) get there in about 0.1 s. Under C1 only ({@code
   * -XX:TieredStopAtLevel=1}) there are no such intrinsics and this changes nothing: the backup
   * functions run with the full JIT.
   *
   * <p>Tiny inputs alone are not enough: C2 compiles only the branches the warm-up took, and the
   * first real chunk (a counter carry every 4 KiB, the split of inputs over 64 KiB, a final chunk
   * shorter than a block or empty) hit untaken branches, which throws the compiled AES-CTR caller
   * away; at a few calls per chunk it took about a thousand chunks to come back, so a restore ran
   * most of its decryption in the Java AES-CTR loop (JFR, benchmarks figure 9). So one round in
   * {@value #WARM_UP_LARGE_EVERY} takes a large input and a few take short and empty ones.
   */
  public static void warmUp() {
    if (!WARM.compareAndSet(false, true)) {
      return;
    }
    try {
      byte[] k = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(k);
      SecretKeySpec key = new SecretKeySpec(k, "AES");
      Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
      Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
      byte[] plain = new byte[WARM_UP_LARGE_BYTES];
      byte[] sealed = new byte[plain.length + TAG_BYTES];
      byte[] opened = new byte[plain.length];
      for (int i = 0; i < WARM_UP_ROUNDS; i++) {
        int length =
            switch (i % WARM_UP_LARGE_EVERY) {
              case WARM_UP_LARGE_EVERY - 1 -> WARM_UP_LARGE_BYTES;
              case WARM_UP_LARGE_EVERY / 2 -> (i / WARM_UP_LARGE_EVERY) % 2 == 0 ? 0 : 7;
              default -> 64;
            };
        GCMParameterSpec nonce = new GCMParameterSpec(TAG_BYTES * 8, nonce(i));
        encrypt.init(Cipher.ENCRYPT_MODE, key, nonce);
        int n = encrypt.update(plain, 0, length, sealed, 0);
        n += encrypt.doFinal(plain, 0, 0, sealed, n);
        decrypt.init(Cipher.DECRYPT_MODE, key, nonce);
        decrypt.doFinal(sealed, 0, n, opened, 0);
      }
      Arrays.fill(k, (byte) 0);
    } catch (GeneralSecurityException e) {
      // Only a speed-up: the real ciphers report what is wrong with AES-GCM here.
    }
  }

  static Cipher cipher(int mode, byte[] key, long index) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce(index)));
    return c;
  }

  static void requireKey(byte[] key) {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException("a 256-bit data key is required");
    }
  }

  static byte[] requireSnapshotId(String snapshotId) {
    if (snapshotId == null || snapshotId.isEmpty()) {
      throw new IllegalArgumentException("snapshot id is required");
    }
    byte[] id = snapshotId.getBytes(StandardCharsets.UTF_8);
    if (id.length > MAX_SNAPSHOT_ID_BYTES) {
      throw new IllegalArgumentException("snapshot id is too long");
    }
    return id;
  }

  static void requireChunkBytes(int chunkBytes) {
    if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "chunk size must be between " + MIN_CHUNK_BYTES + " and " + MAX_CHUNK_BYTES);
    }
  }
}
