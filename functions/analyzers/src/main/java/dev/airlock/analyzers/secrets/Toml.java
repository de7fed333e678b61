package dev.airlock.analyzers.secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal TOML reader for the subset gitleaks rule files use: comments, tables ({@code [a.b]}),
 * arrays of tables ({@code [[a.b]]}, attached to the last element of an enclosing array as TOML
 * requires), bare/quoted/dotted keys, basic and literal strings (single- and multi-line, including
 * {@code '''} literal strings that hold the regexes), integers, floats, booleans, arrays and inline
 * tables. Dates and times are not supported.
 *
 * <p>Written rather than taken from a library: {@code org.tomlj:tomlj} converges here only with its
 * ANTLR runtime raised to PMD's 4.13, under which its 4.11-generated parser prints a version
 * warning on stderr at every load, and the sandboxed analyzer must print nothing but its summary.
 *
 * <p>Tables are {@code Map<String, Object>} (insertion-ordered), arrays {@code List<Object>},
 * integers {@code Long}, floats {@code Double}, booleans {@code Boolean}, strings {@code String}.
 */
public final class Toml {

  /**
   * Thrown for input outside the supported subset or malformed TOML. The message carries the line
   * number and what was expected, never the offending text.
   */
  public static final class TomlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TomlException(int line, String what) {
      super("TOML line " + line + ": " + what);
    }
  }

  private final String src;
  private int pos;
  private int line = 1;
  private final Map<String, Object> root = new LinkedHashMap<>();

  private Toml(String src) {
    this.src = src;
  }

  /**
   * Parses a TOML document.
   *
   * @throws TomlException on malformed or unsupported input
   */
  public static Map<String, Object> parse(String text) {
    Toml toml = new Toml(text.startsWith("\uFEFF") ? text.substring(1) : text);
    toml.document();
    return toml.root;
  }

  private void document() {
    Map<String, Object> current = root;
    while (true) {
      skipWhitespaceCommentsAndNewlines();
      if (pos >= src.length()) {
        return;
      }
      char c = src.charAt(pos);
      if (c == '[') {
        boolean arrayOfTables = pos + 1 < src.length() && src.charAt(pos + 1) == '[';
        pos += arrayOfTables ? 2 : 1;
        List<String> path = keyPath();
        expect(']');
        if (arrayOfTables) {
          expect(']');
        }
        current = arrayOfTables ? appendTable(path) : openTable(path);
      } else {
        keyValue(current);
      }
      endOfLine();
    }
  }

  private void keyValue(Map<String, Object> table) {
    List<String> path = keyPath();
    skipInlineWhitespace();
    expect('=');
    skipInlineWhitespace();
    Object value = value();
    Map<String, Object> target = table;
    for (int i = 0; i < path.size() - 1; i++) {
      target = descend(target, path.get(i), false);
    }
    String key = path.get(path.size() - 1);
    if (target.containsKey(key)) {
      throw new TomlException(line, "duplicate key");
    }
    target.put(key, value);
  }

  private Map<String, Object> openTable(List<String> path) {
    Map<String, Object> table = root;
    for (String key : path) {
      table = descend(table, key, true);
    }
    return table;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> appendTable(List<String> path) {
    Map<String, Object> parent = root;
    for (int i = 0; i < path.size() - 1; i++) {
      parent = descend(parent, path.get(i), true);
    }
    String key = path.get(path.size() - 1);
    Object existing = parent.get(key);
    List<Object> array;
    if (existing == null) {
      array = new ArrayList<>();
      parent.put(key, array);
    } else if (existing instanceof List<?> list) {
      array = (List<Object>) list;
    } else {
      throw new TomlException(line, "array of tables redefines a key");
    }
    Map<String, Object> table = new LinkedHashMap<>();
    array.add(table);
    return table;
  }

  // An intermediate key that names an array of tables resolves to its last element, so that
  // [[rules.allowlists]] attaches to the rule defined just above it.
  @SuppressWarnings("unchecked")
  private Map<String, Object> descend(Map<String, Object> table, String key, boolean header) {
    Object existing = table.get(key);
    if (existing == null) {
      Map<String, Object> child = new LinkedHashMap<>();
      table.put(key, child);
      return child;
    }
    if (existing instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    if (header && existing instanceof List<?> list && !list.isEmpty()) {
      Object last = list.get(list.size() - 1);
      if (last instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
    }
    throw new TomlException(line, "key is not a table");
  }

  private List<String> keyPath() {
    List<String> path = new ArrayList<>();
    while (true) {
      skipInlineWhitespace();
      path.add(key());
      skipInlineWhitespace();
      if (pos < src.length() && src.charAt(pos) == '.') {
        pos++;
      } else {
        return path;
      }
    }
  }

  private String key() {
    if (pos >= src.length()) {
      throw new TomlException(line, "expected a key");
    }
    char c = src.charAt(pos);
    if (c == '"') {
      pos++;
      return basicString();
    }
    if (c == '\'') {
      pos++;
      return literalString();
    }
    int start = pos;
    while (pos < src.length() && isBareKeyChar(src.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw new TomlException(line, "expected a key");
    }
    return src.substring(start, pos);
  }

  private static boolean isBareKeyChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  private Object value() {
    if (pos >= src.length()) {
      throw new TomlException(line, "expected a value");
    }
    char c = src.charAt(pos);
    if (src.startsWith("\"\"\"", pos)) {
      pos += 3;
      return multiLineBasicString();
    }
    if (src.startsWith("'''", pos)) {
      pos += 3;
      return multiLineLiteralString();
    }
    if (c == '"') {
      pos++;
      return basicString();
    }
    if (c == '\'') {
      pos++;
      return literalString();
    }
    if (c == '[') {
      pos++;
      return array();
    }
    if (c == '{') {
      pos++;
      return inlineTable();
    }
    if (src.startsWith("true", pos) && !bareContinues(pos + 4)) {
      pos += 4;
      return Boolean.TRUE;
    }
    if (src.startsWith("false", pos) && !bareContinues(pos + 5)) {
      pos += 5;
      return Boolean.FALSE;
    }
    return number();
  }

  private boolean bareContinues(int at) {
    return at < src.length() && isBareKeyChar(src.charAt(at));
  }

  private Object number() {
    int start = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '_' || c == '.') {
        pos++;
      } else {
        break;
      }
    }
    String token = src.substring(start, pos).replace("_", "");
    if (token.isEmpty()) {
      throw new TomlException(line, "expected a value");
    }
    try {
      if (token.startsWith("0x")) {
        return Long.parseLong(token.substring(2), 16);
      }
      if (token.startsWith("0o")) {
        return Long.parseLong(token.substring(2), 8);
      }
      if (token.startsWith("0b")) {
        return Long.parseLong(token.substring(2), 2);
      }
      if (token.matches("[+-]?(inf|nan)")) {
        return token.endsWith("nan")
            ? Double.NaN
            : token.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      if (token.contains(".") || token.contains("e") || token.contains("E")) {
        return Double.parseDouble(token);
      }
      return Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw new TomlException(line, "unsupported value (dates and times are not supported)");
    }
  }

  private List<Object> array() {
    List<Object> values = new ArrayList<>();
    while (true) {
      skipWhitespaceCommentsAndNewlines();
      if (pos >= src.length()) {
        throw new TomlException(line, "unterminated array");
      }
      if (src.charAt(pos) == ']') {
        pos++;
        return values;
      }
      values.add(value());
      skipWhitespaceCommentsAndNewlines();
      if (pos < src.length() && src.charAt(pos) == ',') {
        pos++;
      } else {
        skipWhitespaceCommentsAndNewlines();
        expect(']');
        return values;
      }
    }
  }

  private Map<String, Object> inlineTable() {
    Map<String, Object> table = new LinkedHashMap<>();
    skipInlineWhitespace();
    if (pos < src.length() && src.charAt(pos) == '}') {
      pos++;
      return table;
    }
    while (true) {
      keyValue(table);
      skipInlineWhitespace();
      if (pos < src.length() && src.charAt(pos) == ',') {
        pos++;
        skipInlineWhitespace();
      } else {
        expect('}');
        return table;
      }
    }
  }

  private String basicString() {
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw new TomlException(line, "unterminated string");
      }
      char c = src.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        escape(out);
      } else {
        out.append(c);
      }
    }
  }

  private String multiLineBasicString() {
    StringBuilder out = new StringBuilder();
    skipFirstNewline();
    while (true) {
      if (pos >= src.length()) {
        throw new TomlException(line, "unterminated string");
      }
      if (src.startsWith("\"\"\"", pos)) {
        pos += 3;
        // Up to two quotes may sit right before the closing delimiter.
        for (int extra = 0; extra < 2 && pos < src.length() && src.charAt(pos) == '"'; extra++) {
          out.append('"');
          pos++;
        }
        return out.toString();
      }
      char c = src.charAt(pos++);
      if (c == '\n') {
        line++;
        out.append(c);
      } else if (c == '\\') {
        int save = pos;
        skipInlineWhitespace();
        if (pos < src.length() && (src.charAt(pos) == '\n' || src.startsWith("\r\n", pos))) {
          // A line-ending backslash trims the newline and the whitespace that follows.
          while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            if (src.charAt(pos) == '\n') {
              line++;
            }
            pos++;
          }
        } else {
          pos = save;
          escape(out);
        }
      } else {
        out.append(c);
      }
    }
  }

  private String literalString() {
    int start = pos;
    while (pos < src.length() && src.charAt(pos) != '\'' && src.charAt(pos) != '\n') {
      pos++;
    }
    if (pos >= src.length() || src.charAt(pos) != '\'') {
      throw new TomlException(line, "unterminated string");
    }
    return src.substring(start, pos++);
  }

  private String multiLineLiteralString() {
    skipFirstNewline();
    int start = pos;
    int end = src.indexOf("'''", pos);
    if (end < 0) {
      throw new TomlException(line, "unterminated string");
    }
    // Up to two quotes may sit right before the closing delimiter.
    for (int extra = 0;
        extra < 2 && end + 3 < src.length() && src.charAt(end + 3) == '\'';
        extra++) {
      end++;
    }
    String value = src.substring(start, end);
    line += (int) value.chars().filter(ch -> ch == '\n').count();
    pos = end + 3;
    return value;
  }

  private void skipFirstNewline() {
    if (src.startsWith("\r\n", pos)) {
      pos += 2;
      line++;
    } else if (pos < src.length() && src.charAt(pos) == '\n') {
      pos++;
      line++;
    }
  }

  private void escape(StringBuilder out) {
    if (pos >= src.length()) {
      throw new TomlException(line, "unterminated escape");
    }
    char e = src.charAt(pos++);
    switch (e) {
      case 'b' -> out.append('\b');
      case 't' -> out.append('\t');
      case 'n' -> out.append('\n');
      case 'f' -> out.append('\f');
      case 'r' -> out.append('\r');
      case 'e' -> out.append('\u001b');
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case 'u' -> out.appendCodePoint(hex(4));
      case 'U' -> out.appendCodePoint(hex(8));
      default -> throw new TomlException(line, "invalid escape sequence");
    }
  }

  private int hex(int digits) {
    if (pos + digits > src.length()) {
      throw new TomlException(line, "invalid unicode escape");
    }
    try {
      int cp = Integer.parseInt(src.substring(pos, pos + digits), 16);
      if (!Character.isValidCodePoint(cp)) {
        throw new TomlException(line, "invalid unicode escape");
      }
      pos += digits;
      return cp;
    } catch (NumberFormatException e) {
      throw new TomlException(line, "invalid unicode escape");
    }
  }

  private void expect(char c) {
    skipInlineWhitespace();
    if (pos >= src.length() || src.charAt(pos) != c) {
      throw new TomlException(line, "expected '" + c + "'");
    }
    pos++;
  }

  private void endOfLine() {
    skipInlineWhitespace();
    if (pos < src.length() && src.charAt(pos) == '#') {
      skipComment();
    }
    if (pos >= src.length()) {
      return;
    }
    if (src.startsWith("\r\n", pos)) {
      pos += 2;
      line++;
    } else if (src.charAt(pos) == '\n') {
      pos++;
      line++;
    } else {
      throw new TomlException(line, "expected the end of the line");
    }
  }

  private void skipInlineWhitespace() {
    while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private void skipComment() {
    while (pos < src.length() && src.charAt(pos) != '\n') {
      pos++;
    }
  }

  private void skipWhitespaceCommentsAndNewlines() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == '\n') {
        pos++;
        line++;
      } else if (c == '#') {
        skipComment();
      } else {
        return;
      }
    }
  }
}
