package dev.airlock.benchmarks.secrets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Translates gitleaks' Go (RE2) rule patterns into GNU {@code grep -E} (POSIX ERE with GNU's {@code
 * \b \B}) patterns with the same set of matching <em>lines</em>, for figure 6's floor.
 *
 * <p>ERE has no flags, no non-capturing groups, no lazy quantifiers and no Perl classes, so: {@code
 * (?i)} and {@code (?i:…)} become both cases spelled out ({@code k} → {@code [kK]}, {@code [a-f]} →
 * {@code [a-fA-F]}), {@code (?-i:…)} turns that off again, {@code (?:…)} and named groups become
 * plain groups, a lazy quantifier becomes the greedy one (whether a line matches does not depend on
 * it), {@code \d \w \s} become {@code [0-9] [[:alnum:]_] [[:space:]]}, {@code \z} becomes {@code
 * $}, and escaped literals become bracket expressions (GNU grep 3.8 warns on backslashes before
 * ordinary characters). What a line-by-line matcher cannot express is refused with a reason, never
 * approximated: a pattern that must match a newline ({@code \n}), Unicode classes, Go's ungreedy
 * flag, octal escapes and negated Perl classes inside brackets.
 */
public final class GrepPatterns {

  /** A translation, or the reason there is none. */
  public record Translation(String ere, String refused) {
    public boolean ok() {
      return ere != null;
    }
  }

  private GrepPatterns() {}

  /** Translates one Go pattern. */
  public static Translation toEre(String go) {
    try {
      return new Translation(new Translator(go).run(), null);
    } catch (Refused e) {
      return new Translation(null, e.getMessage());
    }
  }

  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private static final class Translator {
    private final String s;
    private int i;
    private final StringBuilder out = new StringBuilder();
    private final Deque<Boolean> groups = new ArrayDeque<>();
    private boolean ci;

    Translator(String s) {
      this.s = s;
    }

    String run() {
      while (i < s.length()) {
        char c = s.charAt(i);
        switch (c) {
          case '\\' -> escape();
          case '[' -> out.append(bracket());
          case '(' -> group();
          case ')' -> {
            if (groups.isEmpty()) {
              throw new Refused("unbalanced )");
            }
            ci = groups.pop();
            out.append(')');
            i++;
          }
          case '*', '+', '?' -> {
            out.append(c);
            i++;
            skipLazy();
          }
          case '{' -> repetition();
          case '|', '.', '^', '$' -> {
            out.append(c);
            i++;
          }
          default -> {
            literal(c);
            i++;
          }
        }
      }
      if (!groups.isEmpty()) {
        throw new Refused("unbalanced (");
      }
      return out.toString();
    }

    private void skipLazy() {
      if (i < s.length() && s.charAt(i) == '?') {
        i++; // lazy: the same lines match
      }
    }

    private void repetition() {
      int close = s.indexOf('}', i);
      String body = close < 0 ? "" : s.substring(i + 1, close);
      if (body.matches("[0-9]+(,[0-9]*)?")) {
        out.append('{').append(body).append('}');
        i = close + 1;
        skipLazy();
      } else {
        literal('{'); // Go reads a { that starts no repetition as a literal
        i++;
      }
    }

    private void group() {
      if (s.startsWith("(?", i)) {
        int j = i + 2;
        if (s.startsWith("P<", j) || s.startsWith("<", j)) {
          int close = s.indexOf('>', j);
          if (close < 0) {
            throw new Refused("bad group name");
          }
          groups.push(ci);
          out.append('(');
          i = close + 1;
          return;
        }
        boolean negate = false;
        Boolean newCi = null;
        while (j < s.length() && s.charAt(j) != ':' && s.charAt(j) != ')') {
          char f = s.charAt(j);
          switch (f) {
            case '-' -> negate = true;
            case 'i' -> newCi = !negate;
            case 's', 'm' -> {
              // grep matches line by line: '.' never meets a newline, ^ and $ are line anchors
            }
            default -> throw new Refused("flag " + f + " not expressible in ERE");
          }
          j++;
        }
        if (j >= s.length()) {
          throw new Refused("unterminated flag group");
        }
        if (s.charAt(j) == ')') {
          if (newCi != null) {
            ci = newCi; // to the end of the enclosing group
          }
          i = j + 1;
          return;
        }
        groups.push(ci);
        if (newCi != null) {
          ci = newCi;
        }
        out.append('(');
        i = j + 1;
        return;
      }
      groups.push(ci);
      out.append('(');
      i++;
    }

    private void escape() {
      if (i + 1 >= s.length()) {
        throw new Refused("trailing backslash");
      }
      char e = s.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'd' -> out.append("[0-9]");
        case 'D' -> out.append("[^0-9]");
        case 'w' -> out.append("[[:alnum:]_]");
        case 'W' -> out.append("[^[:alnum:]_]");
        case 's' -> out.append("[[:space:]]");
        case 'S' -> out.append("[^[:space:]]");
        case 'b' -> out.append("\\b");
        case 'B' -> out.append("\\B");
        case 'z' -> out.append('$');
        case 'A' -> out.append('^');
        default -> literal(escapedChar(e));
      }
    }

    /** The character an escape outside the Perl classes stands for. */
    private char escapedChar(char e) {
      switch (e) {
        case 'n':
          throw new Refused("matches a newline (grep -E matches within one line)");
        case 't':
          return '\t';
        case 'r':
          return '\r';
        case 'f':
          return '\f';
        case 'v':
          return 0x0B;
        case 'x':
          return hex();
        case 'p':
        case 'P':
          throw new Refused("Unicode class");
        default:
          if (Character.isLetterOrDigit(e)) {
            throw new Refused("escape \\" + e);
          }
          return e;
      }
    }

    private char hex() {
      String digits;
      if (i < s.length() && s.charAt(i) == '{') {
        int close = s.indexOf('}', i);
        digits = s.substring(i + 1, close);
        i = close + 1;
      } else {
        digits = s.substring(i, Math.min(s.length(), i + 2));
        i += 2;
      }
      int v = Integer.parseInt(digits, 16);
      if (v == '\n') {
        throw new Refused("matches a newline (grep -E matches within one line)");
      }
      if (v > 0xFFFF) {
        throw new Refused("supplementary character");
      }
      return (char) v;
    }

    private void literal(char c) {
      if (ci && Character.isLetter(c) && c < 128) {
        out.append('[')
            .append(Character.toLowerCase(c))
            .append(Character.toUpperCase(c))
            .append(']');
        return;
      }
      switch (c) {
        case '\\' -> out.append("[\\]");
        case '^' -> out.append("\\^");
        case '.', '[', '(', ')', '*', '+', '?', '{', '}', '|', '$' ->
            out.append('[').append(c).append(']');
        case ']' -> out.append("[]]");
        default -> out.append(c);
      }
    }

    /** A Go character class as a POSIX bracket expression. */
    private String bracket() {
      i++; // [
      boolean negated = false;
      if (i < s.length() && s.charAt(i) == '^') {
        negated = true;
        i++;
      }
      TreeSet<Character> chars = new TreeSet<>();
      List<char[]> ranges = new ArrayList<>();
      List<String> classes = new ArrayList<>();
      boolean first = true;
      while (true) {
        if (i >= s.length()) {
          throw new Refused("unterminated class");
        }
        char c = s.charAt(i);
        if (c == ']' && !first) {
          i++;
          break;
        }
        first = false;
        if (c == '[' && s.startsWith("[:", i)) {
          int close = s.indexOf(":]", i + 2);
          String name = s.substring(i + 2, close);
          if (name.startsWith("^")) {
            throw new Refused("negated POSIX class");
          }
          classes.add(name);
          i = close + 2;
          continue;
        }
        Character lo = classChar(classes);
        if (lo == null) {
          continue;
        }
        if (i + 1 < s.length() && s.charAt(i) == '-' && s.charAt(i + 1) != ']') {
          i++;
          Character hi = classChar(classes);
          if (hi == null) {
            throw new Refused("range to a class");
          }
          ranges.add(new char[] {lo, hi});
        } else {
          chars.add(lo);
        }
      }
      if (ci) {
        classes.replaceAll(n -> n.equals("lower") || n.equals("upper") ? "alpha" : n);
        for (char[] r : new ArrayList<>(ranges)) {
          addOtherCase(r, 'a', 'z', 'A' - 'a', ranges);
          addOtherCase(r, 'A', 'Z', 'a' - 'A', ranges);
        }
        for (char c : new ArrayList<>(chars)) {
          if (c < 128 && Character.isLetter(c)) {
            chars.add(Character.toLowerCase(c));
            chars.add(Character.toUpperCase(c));
          }
        }
      }
      chars.remove('\n'); // a line never contains one
      if (chars.isEmpty() && ranges.isEmpty() && classes.isEmpty()) {
        if (negated) {
          return ".";
        }
        throw new Refused("class matches only a newline");
      }
      StringBuilder b = new StringBuilder("[");
      if (negated) {
        b.append('^');
      }
      if (chars.remove(']')) {
        b.append(']');
      }
      boolean dash = chars.remove('-');
      boolean caret = chars.remove('^');
      for (String name : classes) {
        b.append("[:").append(name).append(":]");
      }
      for (char[] r : ranges) {
        b.append(r[0]).append('-').append(r[1]);
      }
      for (char c : chars) {
        b.append(c);
      }
      if (caret) {
        b.append('^');
      }
      if (dash) {
        b.append('-');
      }
      return b.append(']').toString();
    }

    private static void addOtherCase(char[] r, char from, char to, int shift, List<char[]> out) {
      char lo = (char) Math.max(r[0], from);
      char hi = (char) Math.min(r[1], to);
      if (lo <= hi) {
        out.add(new char[] {(char) (lo + shift), (char) (hi + shift)});
      }
    }

    /** One character of a class (an escape too); null if the item was a whole Perl class. */
    private Character classChar(List<String> classes) {
      char c = s.charAt(i);
      if (c != '\\') {
        i++;
        return c;
      }
      char e = s.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'd' -> {
          classes.add("digit");
          return null;
        }
        case 'w' -> {
          classes.add("alnum");
          return '_';
        }
        case 's' -> {
          classes.add("space");
          return null;
        }
        case 'n' -> {
          return '\n';
        }
        case 'D', 'W', 'S' -> throw new Refused("negated Perl class inside brackets");
        default -> {
          return escapedCharInClass(e);
        }
      }
    }

    private char escapedCharInClass(char e) {
      if (e == 'x') {
        int save = i;
        String digits;
        if (s.charAt(i) == '{') {
          int close = s.indexOf('}', i);
          digits = s.substring(i + 1, close);
          i = close + 1;
        } else {
          digits = s.substring(i, i + 2);
          i += 2;
        }
        int v = Integer.parseInt(digits, 16);
        if (v > 0xFFFF) {
          i = save;
          throw new Refused("supplementary character");
        }
        return (char) v;
      }
      return switch (e) {
        case 't' -> '\t';
        case 'r' -> '\r';
        case 'f' -> '\f';
        case 'v' -> (char) 0x0B;
        default -> {
          if (Character.isLetterOrDigit(e)) {
            throw new Refused("escape \\" + e);
          }
          yield e;
        }
      };
    }
  }

  /** Rule id → translation, in the given order. */
  public static Map<String, Translation> translateAll(Map<String, String> goPatterns) {
    Map<String, Translation> out = new LinkedHashMap<>();
    goPatterns.forEach((id, go) -> out.put(id, toEre(go)));
    return out;
  }
}
