package dev.airlock.billing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way Stripe and the checked-in files do (two-space indentation, keys in order,
 * nulls kept, non-ASCII as is), independently of the serializer under test.
 */
public final class JsonText {
  private JsonText() {}

  public static String pretty(Object value) {
    return pretty(value, "");
  }

  static String pretty(Object value, String indent) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return "{}";
      }
      List<String> parts = new ArrayList<>();
      String inner = indent + "  ";
      map.forEach((k, v) -> parts.add(inner + quote(k.toString()) + ": " + pretty(v, inner)));
      return "{\n" + String.join(",\n", parts) + "\n" + indent + "}";
    }
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return "[]";
      }
      List<String> parts = new ArrayList<>();
      String inner = indent + "  ";
      list.forEach(v -> parts.add(inner + pretty(v, inner)));
      return "[\n" + String.join(",\n", parts) + "\n" + indent + "]";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    return String.valueOf(value);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
