package dev.airlock.analyzers.secrets;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates a Go (RE2) regular expression, as gitleaks rule files are written, into an equivalent
 * {@link java.util.regex.Pattern}, and measures how many newlines a match can span.
 *
 * <p>Where the two dialects read the same text differently, the translation keeps Go's meaning:
 * POSIX classes ({@code [[:alnum:]]}, which Java would read as a nested class of the letters
 * {@code :alnum}), {@code [} and {@code &&} inside a class (nested class and intersection in
 * Java), a {@code {} that starts no repetition (an error in Java), {@code $} outside multi-line mode
 * (end of text in Go, also before a final newline in Java), {@code \s} (no vertical tab in Go),
 * {@code \b} (ASCII word characters in Go, letters of every script in Java 17), octal escapes
 * ({@code \12} is a backreference in Java), Unicode script names and {@code (?P<name>...)}. Go's
 * {@code .} excludes only {@code \n}: patterns compile with {@link Pattern#UNIX_LINES}.
 *
 * <p>What Go rejects (lookaround, backreferences, possessive quantifiers) and Go's ungreedy flag
 * {@code U} (which means something else in Java) fail with {@link UnsupportedRegexException}, never
 * with a silently different pattern. Case-insensitive matching is ASCII-only in the translation
 * (Go folds all of Unicode); no gitleaks rule depends on folding beyond ASCII.
 */
public final class GoRegex {

  /** {@link #maxNewlines()} value for a pattern whose matches can span any number of lines. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  private static final int MAX_REPEAT = 1000;
  private static final String WORD = "[0-9A-Za-z_]";
  private static final String SPACE_CHARS = "\\t\\n\\f\\r ";
  private static final Map<String, String> POSIX =
      Map.ofEntries(
          Map.entry("alnum", "Alnum"),
          Map.entry("alpha", "Alpha"),
          Map.entry("ascii", "ASCII"),
          Map.entry("blank", "Blank"),
          Map.entry("cntrl", "Cntrl"),
          Map.entry("digit", "Digit"),
          Map.entry("graph", "Graph"),
          Map.entry("lower", "Lower"),
          Map.entry("print", "Print"),
          Map.entry("punct", "Punct"),
          Map.entry("space", "Space"),
          Map.entry("upper", "Upper"),
          Map.entry("xdigit", "XDigit"));

  /** A Go pattern that cannot be expressed as a Java pattern with the same meaning. */
  public static final class UnsupportedRegexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedRegexException(String reason) {
      super(reason);
    }
  }

  private final Pattern pattern;
  private final int maxNewlines;
  private final String javaPattern;

  private GoRegex(String javaPattern, Pattern pattern, int maxNewlines) {
    this.javaPattern = javaPattern;
    this.pattern = pattern;
    this.maxNewlines = maxNewlines;
  }

  /**
   * Translates and compiles a Go pattern.
   *
   * @throws UnsupportedRegexException if the pattern is not valid Go syntax, uses a feature the
   *     translation does not carry over, or the translated pattern does not compile
   */
  public static GoRegex compile(String goPattern) {
    Parser parser = new Parser(goPattern);
    Frag frag = parser.parseAll();
    try {
      return new GoRegex(frag.java, Pattern.compile(frag.java, Pattern.UNIX_LINES), frag.nl);
    } catch (PatternSyntaxException e) {
      throw new UnsupportedRegexException("translated pattern does not compile");
    }
  }

  /** The compiled Java pattern; compile flags already applied. */
  public Pattern pattern() {
    return pattern;
  }

  /** The Java pattern text the Go pattern was translated to. */
  public String javaPattern() {
    return javaPattern;
  }

  /**
   * The most newline characters one match can contain, or {@link #UNBOUNDED}. A match of a pattern
   * whose value is {@code n} lies within {@code n} lines either side of any character it contains;
   * the scanner uses this to search only near keyword hits.
   */
  public int maxNewlines() {
    return maxNewlines;
  }

  private record Frag(String java, int nl, boolean quantifiable) {}

  private static int add(int a, int b) {
    long sum = (long) a + b;
    return sum >= UNBOUNDED ? UNBOUNDED : (int) sum;
  }

  private static int times(int nl, int max) {
    if (nl == 0) {
      return 0;
    }
    if (max < 0 || nl == UNBOUNDED) {
      return UNBOUNDED;
    }
    long product = (long) nl * max;
    return product >= UNBOUNDED ? UNBOUNDED : (int) product;
  }

  private static final class Parser {
    private final String s;
    private int pos;
    private boolean multiLine;
    private boolean dotAll;
    private final Deque<Integer> quoted = new ArrayDeque<>();

    Parser(String s) {
      this.s = s;
    }

    Frag parseAll() {
      Frag frag = alternation();
      if (pos < s.length()) {
        throw new UnsupportedRegexException("unexpected ')'");
      }
      return frag;
    }

    private Frag alternation() {
      StringBuilder java = new StringBuilder();
      int nl = 0;
      boolean first = true;
      while (true) {
        Frag seq = sequence();
        if (!first) {
          java.append('|');
        }
        java.append(seq.java);
        nl = Math.max(nl, seq.nl);
        first = false;
        if (pos < s.length() && s.charAt(pos) == '|' && quoted.isEmpty()) {
          pos++;
        } else {
          return new Frag(java.toString(), nl, false);
        }
      }
    }

    private Frag sequence() {
      StringBuilder java = new StringBuilder();
      int nl = 0;
      while (quoted.size() > 0 || pos < s.length()) {
        if (quoted.isEmpty()) {
          char c = s.charAt(pos);
          if (c == '|' || c == ')') {
            break;
          }
        }
        Frag atom = atom();
        atom = quantified(atom);
        java.append(atom.java);
        nl = add(nl, atom.nl);
      }
      return new Frag(java.toString(), nl, false);
    }

    private Frag quantified(Frag atom) {
      if (!quoted.isEmpty() || pos >= s.length()) {
        return atom;
      }
      int save = pos;
      int min;
      int max;
      char c = s.charAt(pos);
      if (c == '*') {
        pos++;
        min = 0;
        max = -1;
      } else if (c == '+') {
        pos++;
        min = 1;
        max = -1;
      } else if (c == '?') {
        pos++;
        min = 0;
        max = 1;
      } else if (c == '{') {
        int[] rep = repeat();
        if (rep == null) {
          return atom;
        }
        min = rep[0];
        max = rep[1];
      } else {
        return atom;
      }
      if (!atom.quantifiable) {
        pos = save;
        throw new UnsupportedRegexException("missing argument to repetition operator");
      }
      boolean lazy = pos < s.length() && s.charAt(pos) == '?';
      if (lazy) {
        pos++;
      }
      if (pos < s.length() && isRepeatStart()) {
        throw new UnsupportedRegexException("invalid nested repetition operator");
      }
      String quantifier =
          switch (c) {
            case '*', '+', '?' -> String.valueOf(c);
            default -> "{" + min + (max == min ? "" : "," + (max < 0 ? "" : max)) + "}";
          };
      return new Frag(atom.java + quantifier + (lazy ? "?" : ""), times(atom.nl, max), false);
    }

    private boolean isRepeatStart() {
      char c = s.charAt(pos);
      if (c == '*' || c == '+' || c == '?') {
        return true;
      }
      if (c == '{') {
        int save = pos;
        int[] rep = repeat();
        pos = save;
        return rep != null;
      }
      return false;
    }

    /** Parses {n}, {n,} or {n,m} at pos; returns null (pos unchanged) if it is a literal brace. */
    private int[] repeat() {
      int start = pos;
      int i = pos + 1;
      int j = i;
      while (j < s.length() && Character.isDigit(s.charAt(j))) {
        j++;
      }
      if (j == i || j >= s.length()) {
        return null;
      }
      int min = parseCount(s.substring(i, j));
      int max;
      if (s.charAt(j) == '}') {
        max = min;
        pos = j + 1;
      } else if (s.charAt(j) == ',') {
        int k = j + 1;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
          k++;
        }
        if (k >= s.length() || s.charAt(k) != '}') {
          return null;
        }
        max = k == j + 1 ? -1 : parseCount(s.substring(j + 1, k));
        pos = k + 1;
      } else {
        return null;
      }
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
        pos = start;
        throw new UnsupportedRegexException("invalid repeat count");
      }
      return new int[] {min, max};
    }

    private static int parseCount(String digits) {
      return digits.length() > 4 ? MAX_REPEAT + 1 : Integer.parseInt(digits);
    }

    private Frag atom() {
      if (!quoted.isEmpty()) {
        return literal(quoted.removeFirst());
      }
      char c = s.charAt(pos);
      switch (c) {
        case '(':
          return group();
        case '[':
          pos++;
          return charClass();
        case '.':
          pos++;
          return new Frag(".", dotAll ? 1 : 0, true);
        case '^':
          pos++;
          return new Frag("^", 0, false);
        case '$':
          pos++;
          // Outside multi-line mode Go's $ is the end of the text only.
          return new Frag(multiLine ? "$" : "\\z", 0, false);
        case '\\':
          return escape();
        case '*':
        case '+':
        case '?':
          throw new UnsupportedRegexException("missing argument to repetition operator");
        case '{':
          if (repeat() != null) {
            throw new UnsupportedRegexException("missing argument to repetition operator");
          }
          pos++;
          return literal('{');
        default:
          int cp = s.codePointAt(pos);
          pos += Character.charCount(cp);
          return literal(cp);
      }
    }

    private Frag group() {
      pos++;
      boolean savedMultiLine = multiLine;
      boolean savedDotAll = dotAll;
      String open;
      if (s.startsWith("?P<", pos)
          || (s.startsWith("?<", pos) && !s.startsWith("?<=", pos) && !s.startsWith("?<!", pos))) {
        pos += s.charAt(pos + 1) == 'P' ? 3 : 2;
        int end = s.indexOf('>', pos);
        if (end < 0) {
          throw new UnsupportedRegexException("invalid named capture");
        }
        String name = s.substring(pos, end);
        pos = end + 1;
        // Java names are narrower than Go's; an unnamed group keeps the same group number.
        open = name.matches("[A-Za-z][A-Za-z0-9]*") ? "(?<" + name + ">" : "(";
      } else if (s.startsWith("?", pos)) {
        pos++;
        int start = pos;
        while (pos < s.length() && s.charAt(pos) != ')' && s.charAt(pos) != ':') {
          pos++;
        }
        if (pos >= s.length()) {
          throw new UnsupportedRegexException("missing closing )");
        }
        String flags = s.substring(start, pos);
        applyFlags(flags);
        if (s.charAt(pos) == ')') {
          // (?flags) sets flags until the end of the enclosing group: not restored here.
          pos++;
          return new Frag(flags.isEmpty() ? "" : "(?" + flags + ")", 0, false);
        }
        pos++;
        open = "(?" + flags + ":";
      } else {
        open = "(";
      }
      Frag body = alternation();
      if (pos >= s.length() || s.charAt(pos) != ')') {
        throw new UnsupportedRegexException("missing closing )");
      }
      pos++;
      multiLine = savedMultiLine;
      dotAll = savedDotAll;
      return new Frag(open + body.java + ")", body.nl, true);
    }

    private void applyFlags(String flags) {
      boolean negate = false;
      if (flags.isEmpty()) {
        return;
      }
      for (int i = 0; i < flags.length(); i++) {
        char f = flags.charAt(i);
        switch (f) {
          case '-' -> {
            if (negate || i == flags.length() - 1) {
              throw new UnsupportedRegexException("invalid flags");
            }
            negate = true;
          }
          case 'i' -> {}
          case 'm' -> multiLine = !negate;
          case 's' -> dotAll = !negate;
          // U is ungreedy in Go but UNICODE_CHARACTER_CLASS in Java.
          default -> throw new UnsupportedRegexException("unsupported flag or group syntax");
        }
      }
    }

    private Frag escape() {
      pos++;
      if (pos >= s.length()) {
        throw new UnsupportedRegexException("trailing backslash");
      }
      char c = s.charAt(pos++);
      switch (c) {
        case 'A':
          return new Frag("\\A", 0, false);
        case 'z':
          return new Frag("\\z", 0, false);
        case 'b':
          return new Frag(
              "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))", 0, false);
        case 'B':
          return new Frag(
              "(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))", 0, false);
        case 'd':
          return new Frag("[0-9]", 0, true);
        case 'D':
          return new Frag("[^0-9]", 1, true);
        case 'w':
          return new Frag(WORD, 0, true);
        case 'W':
          return new Frag("[^0-9A-Za-z_]", 1, true);
        case 's':
          return new Frag("[" + SPACE_CHARS + "]", 1, true);
        case 'S':
          // Java's \S also excludes \x0B, which Go's \s does not contain.
          return new Frag("[\\S\\x{b}]", 0, true);
        case 'p':
        case 'P':
          {
            ClassItem item = unicodeClass(c == 'P');
            return new Frag("[" + item.java + "]", item.mayNewline ? 1 : 0, true);
          }
        case 'Q':
          {
            int end = s.indexOf("\\E", pos);
            String text = end < 0 ? s.substring(pos) : s.substring(pos, end);
            pos = end < 0 ? s.length() : end + 2;
            text.codePoints().forEach(quoted::addLast);
            if (quoted.isEmpty()) {
              return new Frag("", 0, false);
            }
            return literal(quoted.removeFirst());
          }
        default:
          pos--;
          return literal(escapedCodePoint());
      }
    }

    /** Parses a single-character escape at pos (just after the backslash) into a code point. */
    private int escapedCodePoint() {
      char c = s.charAt(pos++);
      switch (c) {
        case 'a':
          return 7;
        case 'f':
          return '\f';
        case 't':
          return '\t';
        case 'n':
          return '\n';
        case 'r':
          return '\r';
        case 'v':
          return 0x0B;
        case 'x':
          return hexEscape();
        case '0', '1', '2', '3', '4', '5', '6', '7':
          {
            // A single non-zero digit would be a backreference, which Go does not support.
            if (c != '0' && (pos >= s.length() || !isOctal(s.charAt(pos)))) {
              throw new UnsupportedRegexException("backreferences are not supported");
            }
            int value = c - '0';
            for (int i = 0; i < 2 && pos < s.length() && isOctal(s.charAt(pos)); i++) {
              value = value * 8 + (s.charAt(pos++) - '0');
            }
            return value;
          }
        default:
          if (c < 0x80 && !Character.isLetterOrDigit(c) && c != '_') {
            return c;
          }
          throw new UnsupportedRegexException("invalid escape sequence");
      }
    }

    private static boolean isOctal(char c) {
      return c >= '0' && c <= '7';
    }

    private int hexEscape() {
      if (pos < s.length() && s.charAt(pos) == '{') {
        int end = s.indexOf('}', pos);
        if (end < 0) {
          throw new UnsupportedRegexException("invalid escape sequence");
        }
        int cp = parseHex(s.substring(pos + 1, end));
        pos = end + 1;
        return cp;
      }
      if (pos + 2 > s.length()) {
        throw new UnsupportedRegexException("invalid escape sequence");
      }
      int cp = parseHex(s.substring(pos, pos + 2));
      pos += 2;
      return cp;
    }

    private static int parseHex(String digits) {
      if (digits.isEmpty() || digits.length() > 8 || !digits.matches("[0-9A-Fa-f]+")) {
        throw new UnsupportedRegexException("invalid escape sequence");
      }
      long value = Long.parseLong(digits, 16);
      if (value > Character.MAX_CODE_POINT) {
        throw new UnsupportedRegexException("invalid escape sequence");
      }
      return (int) value;
    }

    private record ClassItem(String java, boolean definiteNewline, boolean mayNewline) {}

    /** Parses \pX, \p{Name}, \PX or \P{Name} (pos after the letter) into a class body fragment. */
    private ClassItem unicodeClass(boolean negated) {
      String name;
      if (pos < s.length() && s.charAt(pos) == '{') {
        int end = s.indexOf('}', pos);
        if (end < 0) {
          throw new UnsupportedRegexException("invalid character class range");
        }
        name = s.substring(pos + 1, end);
        pos = end + 1;
      } else if (pos < s.length()) {
        name = String.valueOf(s.charAt(pos++));
      } else {
        throw new UnsupportedRegexException("invalid character class range");
      }
      if (name.startsWith("^")) {
        negated = !negated;
        name = name.substring(1);
      }
      if (!name.matches("[A-Za-z_]+")) {
        throw new UnsupportedRegexException("invalid character class range");
      }
      boolean controls = name.equals("C") || name.equals("Cc") || name.equals("Any");
      if (name.equals("Any")) {
        if (negated) {
          throw new UnsupportedRegexException("a class that matches nothing");
        }
        return new ClassItem("\\x{0}-\\x{10ffff}", true, true);
      }
      String body = (negated ? "\\P{Is" : "\\p{Is") + name + "}";
      if (negated) {
        return new ClassItem(body, !controls, !controls);
      }
      return new ClassItem(body, controls, controls);
    }

    private Frag charClass() {
      boolean negated = false;
      if (pos < s.length() && s.charAt(pos) == '^') {
        negated = true;
        pos++;
      }
      StringBuilder java = new StringBuilder();
      boolean definite = false;
      boolean maybe = false;
      boolean first = true;
      while (true) {
        if (pos >= s.length()) {
          throw new UnsupportedRegexException("missing closing ]");
        }
        char c = s.charAt(pos);
        if (c == ']' && !first) {
          pos++;
          break;
        }
        first = false;
        ClassItem item;
        if (s.startsWith("[:", pos)) {
          item = posixClass();
        } else if (c == '\\'
            && pos + 1 < s.length()
            && "dDsSwWpP".indexOf(s.charAt(pos + 1)) >= 0) {
          pos += 2;
          item = escapeClass(s.charAt(pos - 1));
        } else {
          int lo = classCodePoint();
          if (pos + 1 < s.length() && s.charAt(pos) == '-' && s.charAt(pos + 1) != ']') {
            pos++;
            if (s.charAt(pos) == '\\'
                && pos + 1 < s.length()
                && "dDsSwWpP".indexOf(s.charAt(pos + 1)) >= 0) {
              throw new UnsupportedRegexException("invalid character class range");
            }
            int hi = classCodePoint();
            if (hi < lo) {
              throw new UnsupportedRegexException("invalid character class range");
            }
            boolean nl = lo <= '\n' && '\n' <= hi;
            item = new ClassItem(classLiteral(lo) + "-" + classLiteral(hi), nl, nl);
          } else {
            item = new ClassItem(classLiteral(lo), lo == '\n', lo == '\n');
          }
        }
        java.append(item.java);
        definite |= item.definiteNewline;
        maybe |= item.mayNewline;
      }
      int nl = negated ? (definite ? 0 : 1) : (maybe ? 1 : 0);
      String body = java.toString();
      if (body.isEmpty()) {
        throw new UnsupportedRegexException("empty character class");
      }
      return new Frag("[" + (negated ? "^" : "") + body + "]", nl, true);
    }

    private ClassItem escapeClass(char c) {
      return switch (c) {
        case 'd' -> new ClassItem("0-9", false, false);
        case 'D' -> new ClassItem("\\D", true, true);
        case 'w' -> new ClassItem("0-9A-Za-z_", false, false);
        case 'W' -> new ClassItem("\\W", true, true);
        case 's' -> new ClassItem(SPACE_CHARS, true, true);
        case 'S' -> new ClassItem("\\S\\x{b}", false, false);
        default -> unicodeClass(c == 'P');
      };
    }

    private ClassItem posixClass() {
      int end = s.indexOf(":]", pos + 2);
      if (end < 0) {
        throw new UnsupportedRegexException("invalid character class range");
      }
      String name = s.substring(pos + 2, end);
      pos = end + 2;
      boolean negated = name.startsWith("^");
      if (negated) {
        name = name.substring(1);
      }
      boolean controls = name.equals("ascii") || name.equals("cntrl") || name.equals("space");
      if (name.equals("word")) {
        return negated
            ? new ClassItem("\\W", true, true)
            : new ClassItem("0-9A-Za-z_", false, false);
      }
      String javaName = POSIX.get(name);
      if (javaName == null) {
        throw new UnsupportedRegexException("invalid character class range");
      }
      return negated
          ? new ClassItem("\\P{" + javaName + "}", !controls, !controls)
          : new ClassItem("\\p{" + javaName + "}", controls, controls);
    }

    private int classCodePoint() {
      if (s.charAt(pos) == '\\') {
        pos++;
        if (pos >= s.length()) {
          throw new UnsupportedRegexException("trailing backslash");
        }
        return escapedCodePoint();
      }
      int cp = s.codePointAt(pos);
      pos += Character.charCount(cp);
      return cp;
    }

    private static String classLiteral(int cp) {
      if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) {
        return String.valueOf((char) cp);
      }
      return "\\x{" + Integer.toHexString(cp) + "}";
    }

    private static Frag literal(int cp) {
      int nl = cp == '\n' ? 1 : 0;
      if ((cp >= '0' && cp <= '9')
          || (cp >= 'A' && cp <= 'Z')
          || (cp >= 'a' && cp <= 'z')
          || cp == '_'
          || cp == ' '
          || (cp < 0x80 && "-'\"#&<>=!:/%@~`,;".indexOf(cp) >= 0)) {
        return new Frag(String.valueOf((char) cp), nl, true);
      }
      return new Frag("\\x{" + Integer.toHexString(cp).toLowerCase(Locale.ROOT) + "}", nl, true);
    }
  }
}
