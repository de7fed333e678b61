package dev.airlock.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Plants-and-searches support for the promise "secrets and source never reach logs, results,
 * queues, state or backups". A test plants {@link #newCanary()} where Airlock must not keep it (a
 * repository file, a webhook secret, a card number), runs the system, then searches every place
 * Airlock writes to: every version of every object in the given buckets (raw, and decrypted when a
 * decryptor is given), every message in the given queues, every file under the given directories,
 * and captured log text. Each hit names where it was found, never more of the content.
 *
 * <p>It searches the plain form, and the base64 and hex forms, so an encoding cannot hide a leak.
 */
public final class CanaryScanner {
  private final List<String> needles;
  private final List<String> hits = new ArrayList<>();
  private int placesSearched;

  private CanaryScanner(String canary) {
    byte[] b = canary.getBytes(StandardCharsets.UTF_8);
    this.needles =
        List.of(
            canary,
            Base64.getEncoder().withoutPadding().encodeToString(b),
            HexFormat.of().formatHex(b));
  }

  /** A unique, unmistakable string: {@code CANARY-} followed by 32 random hex characters. */
  public static String newCanary() {
    byte[] r = new byte[16];
    new SecureRandom().nextBytes(r);
    return "CANARY-" + HexFormat.of().formatHex(r);
  }

  /** Starts a search for {@code canary}. */
  public static CanaryScanner searchFor(String canary) {
    if (canary == null || canary.length() < 8) {
      throw new IllegalArgumentException("canary too short to search for meaningfully");
    }
    return new CanaryScanner(canary);
  }

  /**
   * Every version of every object in {@code bucket}; {@code decryptor} (may be null) returns the
   * plaintext of an object it can open, so encrypted stores are searched inside too.
   */
  public CanaryScanner s3(
      S3Client s3, String bucket, Function<byte[], Optional<byte[]>> decryptor) {
    String keyMarker = null;
    String versionMarker = null;
    while (true) {
      final String km = keyMarker;
      final String vm = versionMarker;
      ListObjectVersionsResponse page =
          s3.listObjectVersions(r -> r.bucket(bucket).keyMarker(km).versionIdMarker(vm));
      for (ObjectVersion v : page.versions()) {
        placesSearched++;
        check(
            "s3://" + bucket + "/" + v.key() + " (key)", v.key().getBytes(StandardCharsets.UTF_8));
        ResponseBytes<GetObjectResponse> obj =
            s3.getObjectAsBytes(r -> r.bucket(bucket).key(v.key()).versionId(v.versionId()));
        String where = "s3://" + bucket + "/" + v.key() + "?versionId=" + v.versionId();
        byte[] raw = obj.asByteArray();
        check(where, raw);
        obj.response()
            .metadata()
            .forEach(
                (k, val) -> check(where + " metadata " + k, val.getBytes(StandardCharsets.UTF_8)));
        if (decryptor != null) {
          decryptor.apply(raw).ifPresent(plain -> check(where + " (decrypted)", plain));
        }
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        break;
      }
      keyMarker = page.nextKeyMarker();
      versionMarker = page.nextVersionIdMarker();
    }
    return this;
  }

  /**
   * Every message currently in {@code queueUrl}, received with visibility timeout 0 so that it
   * stays available to the system under test.
   */
  public CanaryScanner sqs(SqsClient sqs, String queueUrl) {
    for (int round = 0; round < 10; round++) {
      List<Message> ms =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .visibilityTimeout(0)
                          .waitTimeSeconds(0)
                          .messageAttributeNames("All"))
              .messages();
      if (ms.isEmpty()) {
        break;
      }
      for (Message m : ms) {
        placesSearched++;
        check(
            "sqs " + queueUrl + " message " + m.messageId(),
            m.body().getBytes(StandardCharsets.UTF_8));
        m.messageAttributes()
            .forEach(
                (k, v) ->
                    check(
                        "sqs " + queueUrl + " attribute " + k,
                        String.valueOf(v.stringValue()).getBytes(StandardCharsets.UTF_8)));
      }
    }
    return this;
  }

  /** Every regular file under {@code dir} (names and contents), without following symlinks. */
  public CanaryScanner directory(Path dir) {
    if (!Files.exists(dir)) {
      return this;
    }
    // Other processes (S3Mock's upload temp files, other sandboxes) create and delete files under
    // shared directories while this walks them: whatever vanishes mid-walk cannot hold the canary
    // any more, so it is skipped instead of failing the scan.
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              placesSearched++;
              check("path " + d, d.toString().getBytes(StandardCharsets.UTF_8));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              placesSearched++;
              check("path " + f, f.toString().getBytes(StandardCharsets.UTF_8));
              if (attrs.isRegularFile()) {
                try {
                  check("file " + f, Files.readAllBytes(f));
                } catch (IOException vanishedOrUnreadable) {
                  // removed while walking: nothing left to search
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Captured text: a log, an HTTP body, an audit stream. */
  public CanaryScanner text(String where, String text) {
    placesSearched++;
    if (text != null) {
      check(where, text.getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  /** Where the canary was found (empty means clean). */
  public List<String> hits() {
    return List.copyOf(hits);
  }

  /** How many objects, messages, files and texts were searched (so a test can prove it looked). */
  public int placesSearched() {
    return placesSearched;
  }

  private void check(String where, byte[] haystack) {
    for (String n : needles) {
      if (indexOf(haystack, n.getBytes(StandardCharsets.UTF_8)) >= 0) {
        hits.add(where);
        return;
      }
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
