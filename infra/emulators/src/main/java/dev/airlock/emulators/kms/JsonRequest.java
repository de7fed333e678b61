package dev.airlock.emulators.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, validating access to a KMS JSON request body. A member of the wrong JSON type is a {@code
 * SerializationException}; a missing required member or a value outside its modelled bounds is a
 * {@code ValidationException} worded like KMS's. Messages name the member, never echo a value that
 * might be plaintext or ciphertext.
 */
final class JsonRequest {

  private final ObjectNode body;

  JsonRequest(ObjectNode body) {
    this.body = body;
  }

  boolean has(String member) {
    JsonNode n = body.get(member);
    return n != null && !n.isNull();
  }

  String requiredString(String member, int min, int max) {
    return optionalString(member, min, max).orElseThrow(() -> missing(member));
  }

  Optional<String> optionalString(String member, int min, int max) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw wrongType(member, "a string");
    }
    String s = n.asText();
    if (s.length() < min || s.length() > max) {
      throw invalid(
          member, "Member must have length between " + min + " and " + max + " inclusive");
    }
    return Optional.of(s);
  }

  Optional<Integer> optionalInt(String member, int min, int max) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw wrongType(member, "an integer");
    }
    int v = n.asInt();
    if (v < min) {
      throw invalid(member, "Member must have value greater than or equal to " + min);
    }
    if (v > max) {
      throw invalid(member, "Member must have value less than or equal to " + max);
    }
    return Optional.of(v);
  }

  boolean bool(String member, boolean defaultValue) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    if (!n.isBoolean()) {
      throw wrongType(member, "a boolean");
    }
    return n.asBoolean();
  }

  byte[] requiredBlob(String member, int min, int max) {
    return optionalBlob(member, min, max).orElseThrow(() -> missing(member));
  }

  Optional<byte[]> optionalBlob(String member, int min, int max) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw wrongType(member, "a base64-encoded blob");
    }
    byte[] b;
    try {
      b = Base64.getDecoder().decode(n.asText());
    } catch (IllegalArgumentException e) {
      throw KmsError.serialization("Member " + member + " is not valid base64.");
    }
    if (b.length < min || b.length > max) {
      throw invalid(
          member, "Member must have length between " + min + " and " + max + " inclusive");
    }
    return Optional.of(b);
  }

  /** A string-to-string map member ({@code EncryptionContext}); empty when absent. */
  Map<String, String> stringMap(String member) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw wrongType(member, "a map");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!e.getValue().isTextual()) {
        throw wrongType(member, "a map of strings");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }

  List<String> stringList(String member) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw wrongType(member, "a list");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode item : n) {
      if (!item.isTextual()) {
        throw wrongType(member, "a list of strings");
      }
      list.add(item.asText());
    }
    return list;
  }

  /**
   * A {@code Tags} member: a list of {@code {TagKey, TagValue}}, validated as KMS does.
   *
   * @throws KmsError {@code TagException} for a reserved {@code aws:} key or bad lengths
   */
  Map<String, String> tags(String member) {
    JsonNode n = body.get(member);
    Map<String, String> tags = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return tags;
    }
    if (!n.isArray()) {
      throw wrongType(member, "a list");
    }
    for (JsonNode t : n) {
      JsonNode k = t.get("TagKey");
      JsonNode v = t.get("TagValue");
      if (k == null || !k.isTextual() || v == null || !v.isTextual()) {
        throw KmsError.serialization("Each tag needs a string TagKey and TagValue.");
      }
      String key = k.asText();
      String value = v.asText();
      if (key.isEmpty() || key.length() > 128 || value.length() > 256) {
        throw new KmsError(KmsError.TAG, "Tag keys must be 1-128 and values 0-256 characters.");
      }
      if (key.startsWith("aws:")) {
        throw new KmsError(KmsError.TAG, "Tag keys beginning with aws: are reserved.");
      }
      tags.put(key, value);
    }
    return tags;
  }

  static KmsError missing(String member) {
    return KmsError.validation(
        "1 validation error detected: Value null at '"
            + camel(member)
            + "' failed to satisfy constraint: Member must not be null");
  }

  static KmsError invalid(String member, String constraint) {
    return KmsError.validation(
        "1 validation error detected: Value at '"
            + camel(member)
            + "' failed to satisfy constraint: "
            + constraint);
  }

  private static KmsError wrongType(String member, String expected) {
    return KmsError.serialization("Member " + member + " must be " + expected + ".");
  }

  private static String camel(String member) {
    return Character.toLowerCase(member.charAt(0)) + member.substring(1);
  }
}
