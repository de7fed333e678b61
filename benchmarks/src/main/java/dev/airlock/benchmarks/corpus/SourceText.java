package dev.airlock.benchmarks.corpus;

import java.util.SplittableRandom;

/**
 * Deterministic source-like text (Java-shaped classes of fields, methods, statements and comments)
 * for the figures that need a realistic corpus: the same seed always gives the same bytes, so a
 * figure's input is the same in every run and on every machine.
 *
 * <p>The text compresses about as well as real source (a few thousand identifiers drawn from a
 * vocabulary, repeated keywords and indentation) and mentions the words secret scanners key on
 * ({@code key}, {@code token}, {@code auth}, {@code api}, {@code password}) at a natural rate, but
 * never next to a value that looks like a secret: values are method calls, short literals or
 * numbers. Secrets are only where a caller plants them.
 */
public final class SourceText {

  private static final String[] WORDS = {
    "account",
    "address",
    "buffer",
    "cache",
    "channel",
    "client",
    "config",
    "context",
    "count",
    "cursor",
    "delivery",
    "entry",
    "event",
    "factory",
    "field",
    "file",
    "filter",
    "handler",
    "header",
    "index",
    "item",
    "job",
    "key",
    "label",
    "limit",
    "list",
    "lock",
    "message",
    "metric",
    "mode",
    "node",
    "offset",
    "order",
    "owner",
    "page",
    "path",
    "payload",
    "queue",
    "reader",
    "record",
    "region",
    "report",
    "request",
    "result",
    "route",
    "rule",
    "run",
    "sample",
    "schema",
    "scope",
    "session",
    "shard",
    "size",
    "source",
    "state",
    "status",
    "store",
    "stream",
    "table",
    "target",
    "task",
    "tenant",
    "timer",
    "token",
    "tree",
    "user",
    "value",
    "version",
    "window",
    "writer",
    "auth",
    "api",
    "password",
    "access",
    "retry",
    "batch",
    "digest",
    "group",
    "hook",
    "match",
    "parser",
    "policy",
    "range",
    "slot",
    "span"
  };
  private static final String[] TYPES = {
    "String",
    "int",
    "long",
    "boolean",
    "List<String>",
    "Map<String, Integer>",
    "Optional<Path>",
    "Duration",
    "Instant",
    "byte[]"
  };
  private static final String[] VERBS = {
    "load",
    "read",
    "write",
    "find",
    "build",
    "parse",
    "check",
    "apply",
    "merge",
    "split",
    "resolve",
    "update",
    "compute",
    "render",
    "open",
    "close",
    "refresh",
    "validate"
  };
  private static final String[] COMMENTS = {
    "Keeps the order stable so that two runs produce the same output.",
    "The caller owns the buffer; it is not copied here.",
    "Retries once: the first attempt may race with a concurrent update.",
    "A missing entry is not an error, it means nothing was recorded yet.",
    "Bounded so that a hostile input cannot make this loop run forever.",
    "Checked before the write, never after: the write cannot be undone.",
    "The key is looked up per call because it may rotate while we run.",
    "Tokens are never logged; only their count is reported.",
  };

  private final SplittableRandom random;

  public SourceText(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A pseudo-random int in {@code [0, bound)} from this generator's stream. */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** A whole compilation unit of roughly {@code targetBytes} (never less). */
  public String javaFile(String packageName, String className, int targetBytes) {
    StringBuilder out = new StringBuilder(targetBytes + 512);
    out.append("package ").append(packageName).append(";\n\n");
    int imports = 2 + random.nextInt(6);
    for (int i = 0; i < imports; i++) {
      out.append("import java.util.").append(capital(word())).append(";\n");
    }
    out.append("\n/** ").append(comment()).append(" */\n");
    out.append("public final class ").append(className).append(" {\n");
    int fields = 2 + random.nextInt(5);
    for (int i = 0; i < fields; i++) {
      out.append("  private final ").append(type()).append(' ').append(identifier()).append(";\n");
    }
    out.append('\n');
    while (out.length() < targetBytes) {
      method(out);
    }
    out.append("}\n");
    return out.toString();
  }

  private void method(StringBuilder out) {
    out.append("  /** ").append(comment()).append(" */\n");
    out.append("  public ")
        .append(type())
        .append(' ')
        .append(verb())
        .append(capital(word()))
        .append('(')
        .append(type())
        .append(' ')
        .append(identifier())
        .append(", ")
        .append(type())
        .append(' ')
        .append(identifier())
        .append(") {\n");
    int statements = 3 + random.nextInt(10);
    for (int i = 0; i < statements; i++) {
      statement(out, "    ");
    }
    out.append("    return ").append(identifier()).append(";\n  }\n\n");
  }

  private void statement(StringBuilder out, String indent) {
    switch (random.nextInt(7)) {
      case 0 ->
          out.append(indent)
              .append(type())
              .append(' ')
              .append(identifier())
              .append(" = ")
              .append(word())
              .append('.')
              .append(verb())
              .append(capital(word()))
              .append("();\n");
      case 1 ->
          out.append(indent)
              .append("if (")
              .append(identifier())
              .append(" == null || ")
              .append(identifier())
              .append(".isEmpty()) {\n")
              .append(indent)
              .append("  throw new IllegalStateException(\"")
              .append(word())
              .append(' ')
              .append(word())
              .append(" missing\");\n")
              .append(indent)
              .append("}\n");
      case 2 ->
          out.append(indent)
              .append("for (int i = 0; i < ")
              .append(identifier())
              .append(".size(); i++) {\n")
              .append(indent)
              .append("  ")
              .append(identifier())
              .append(".add(")
              .append(identifier())
              .append(".get(i));\n")
              .append(indent)
              .append("}\n");
      case 3 -> out.append(indent).append("// ").append(comment()).append('\n');
      case 4 ->
          out.append(indent)
              .append("long ")
              .append(identifier())
              .append(" = ")
              .append(random.nextInt(100_000))
              .append("L;\n");
      case 5 ->
          out.append(indent)
              .append(identifier())
              .append('.')
              .append(verb())
              .append('(')
              .append(identifier())
              .append(", \"")
              .append(word())
              .append("\");\n");
      default ->
          out.append(indent)
              .append("log.debug(\"")
              .append(verb())
              .append(' ')
              .append(word())
              .append(" took {} ms\", ")
              .append(identifier())
              .append(");\n");
    }
  }

  /** A lower-camel identifier of one to three words. */
  public String identifier() {
    int parts = 1 + random.nextInt(3);
    StringBuilder b = new StringBuilder(word());
    for (int i = 1; i < parts; i++) {
      b.append(capital(word()));
    }
    return b.toString();
  }

  /** One word of the vocabulary. */
  public String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private String verb() {
    return VERBS[random.nextInt(VERBS.length)];
  }

  private String type() {
    return TYPES[random.nextInt(TYPES.length)];
  }

  private String comment() {
    return COMMENTS[random.nextInt(COMMENTS.length)];
  }

  /** {@code word} with its first letter in upper case. */
  public static String capital(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
