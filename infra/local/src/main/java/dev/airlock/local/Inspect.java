package dev.airlock.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.InvalidCiphertextException;
import dev.airlock.core.crypto.KeyUnavailableException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code inspect}: what an operator holding the service's KMS permissions sees of the state bucket.
 * One JSON object per line per object: key, kind, status ({@code plaintext}, {@code decrypted},
 * {@code shredded} — the tenant key is disabled or pending deletion — or {@code tampered}) and the
 * content where it can be read.
 */
final class Inspect {
  private Inspect() {}

  static int run(Args a, PrintStream out, PrintStream err) {
    Endpoints e = Endpoints.read(Path.of(a.required("endpoints-file")));
    String prefix = a.positional().isEmpty() ? "" : a.positional().get(0);
    ObjectMapper json = new ObjectMapper();
    try (S3Client s3 = e.s3();
        KmsClient kms = e.kms()) {
      EnvelopeCipher cipher = new EnvelopeCipher(new KmsDataKeyProvider(kms));
      String bucket = e.bucket("StateBucket");
      String token = null;
      int count = 0;
      do {
        final String t = token;
        ListObjectsV2Response page =
            s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(t));
        for (S3Object o : page.contents()) {
          ResponseBytes<GetObjectResponse> obj =
              s3.getObjectAsBytes(r -> r.bucket(bucket).key(o.key()));
          out.println(json.writeValueAsString(describe(json, cipher, o.key(), obj)));
          count++;
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
      err.println("inspected " + count + " object(s) under '" + prefix + "'");
      return 0;
    } catch (Exception ex) {
      err.println("inspect failed: " + Errors.describe(ex));
      return 1;
    }
  }

  static ObjectNode describe(
      ObjectMapper json, EnvelopeCipher cipher, String key, ResponseBytes<GetObjectResponse> obj) {
    ObjectNode line = json.createObjectNode();
    line.put("key", key);
    byte[] bytes = obj.asByteArray();
    boolean sealed =
        EnvelopeCipher.METADATA_VALUE.equals(
                obj.response().metadata().get(EnvelopeCipher.METADATA_KEY))
            || EnvelopeCipher.looksLikeEnvelope(bytes);
    if (!sealed) {
      line.put("kind", kindOf(key, Map.of()));
      line.put("status", "plaintext");
      line.set("content", content(json, bytes));
      return line;
    }
    Map<String, String> ctx;
    try {
      ctx = EnvelopeCipher.contextOf(bytes);
    } catch (InvalidCiphertextException bad) {
      line.put("kind", kindOf(key, Map.of()));
      line.put("status", "tampered");
      line.put("reason", bad.getMessage());
      return line;
    }
    line.put("kind", kindOf(key, ctx));
    if (ctx.containsKey("airlock:account")) {
      line.put("account", ctx.get("airlock:account"));
    }
    if (ctx.containsKey("airlock:key") && !key.equals(ctx.get("airlock:key"))) {
      // An envelope sealed for another key was put here: never decrypt it under this name.
      line.put("status", "tampered");
      line.put("reason", "envelope names another object key");
      return line;
    }
    try {
      line.set("content", content(json, cipher.decrypt(bytes, ctx)));
      line.put("status", "decrypted");
    } catch (KeyUnavailableException shredded) {
      line.put("status", "shredded");
      line.put("reason", shredded.reason());
    } catch (InvalidCiphertextException bad) {
      line.put("status", "tampered");
      line.put("reason", bad.getMessage());
    }
    return line;
  }

  static String kindOf(String key, Map<String, String> ctx) {
    if (ctx.containsKey("airlock:kind")) {
      return ctx.get("airlock:kind");
    }
    if (key.startsWith("lookup/github-installations/")) {
      return "installation";
    }
    if (key.startsWith("lookup/enrollments/")) {
      return "enrollment";
    }
    if (key.startsWith("lookup/stripe-customers/")) {
      return "stripe-customer";
    }
    if (key.startsWith("markers/")) {
      return "marker";
    }
    if (key.startsWith("system/")) {
      return "system";
    }
    if (key.endsWith("/account.json")) {
      return "account";
    }
    return "object";
  }

  private static JsonNode content(ObjectMapper json, byte[] bytes) {
    try {
      return json.readTree(bytes);
    } catch (Exception notJson) {
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t')) {
        return json.getNodeFactory().textNode(text);
      }
      return json.getNodeFactory().textNode("base64:" + Base64.getEncoder().encodeToString(bytes));
    }
  }
}
