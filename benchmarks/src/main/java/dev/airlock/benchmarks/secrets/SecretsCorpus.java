package dev.airlock.benchmarks.secrets;

import dev.airlock.benchmarks.corpus.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Figure 6's corpus: source-like files written under a directory from a seed, with a known number
 * of secrets planted at known places, one per line, in the formats of six gitleaks rules.
 *
 * <p>The planted values are random (from the seed), not real credentials; their alphabets leave out
 * vowels so that no allowlist stop word of the rule file (English words) can occur in them by
 * chance and hide a planted secret.
 */
public final class SecretsCorpus {

  /** A planted secret: where it is and which rule must report it. */
  public record Planted(String path, int line, String ruleId) {}

  /**
   * What was written.
   *
   * @param root the corpus directory
   * @param files files written
   * @param bytes their total size
   * @param planted the secrets, in file order
   */
  public record Written(Path root, int files, long bytes, List<Planted> planted) {
    public Written {
      planted = List.copyOf(planted);
    }
  }

  private static final String UPPER = "BCDFGHJKLMNPQRSTVWXZ";
  private static final String LOWER = "bcdfghjklmnpqrstvwxz";
  private static final String DIGITS = "0123456789";
  private static final String ALNUM = UPPER + LOWER + DIGITS;

  /** The rules planted secrets are written for, in rotation. */
  static final List<String> RULES =
      List.of(
          "aws-access-token",
          "github-pat",
          "gitlab-pat",
          "slack-bot-token",
          "stripe-access-token",
          "generic-api-key");

  private SecretsCorpus() {}

  /**
   * Writes about {@code totalBytes} in files of {@code fileBytes} on average under {@code root},
   * planting {@code secrets} secrets in distinct files spread evenly over the corpus.
   *
   * @throws IllegalArgumentException if there are more secrets than files
   */
  public static Written write(Path root, long seed, long totalBytes, int fileBytes, int secrets)
      throws IOException {
    int fileCount = (int) Math.max(1, totalBytes / fileBytes);
    if (secrets > fileCount) {
      throw new IllegalArgumentException("at most one planted secret per file");
    }
    SourceText text = new SourceText(seed);
    SplittableRandom values = new SplittableRandom(seed ^ 0x5ec4e75L);
    List<Planted> planted = new ArrayList<>();
    long bytes = 0;
    int plantedSoFar = 0;
    for (int i = 0; i < fileCount; i++) {
      String module = String.format("m%02d", i % 25);
      String className = SourceText.capital(text.word()) + SourceText.capital(text.word()) + i;
      String rel = module + "/src/" + "p" + (i / 25) % 8 + "/" + className + ".java";
      String body =
          text.javaFile("dev.corpus." + module, className, fileBytes / 2 + text.nextInt(fileBytes));
      // plant in files i where floor(i * secrets / fileCount) steps up: evenly spread
      boolean plant = secrets > 0 && (long) (i + 1) * secrets / fileCount > plantedSoFar;
      if (plant) {
        String rule = RULES.get(plantedSoFar % RULES.size());
        // after a random line inside the class body
        int[] lineStarts = lineStarts(body);
        int line = 8 + values.nextInt(Math.max(1, lineStarts.length - 10));
        int at = lineStarts[line];
        body =
            body.substring(0, at)
                + "    static final String "
                + variable(rule, plantedSoFar)
                + " = \""
                + secret(rule, values)
                + "\";\n"
                + body.substring(at);
        planted.add(new Planted(rel, line + 1, rule));
        plantedSoFar++;
      }
      Path file = root.resolve(rel);
      Files.createDirectories(file.getParent());
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      Files.write(file, content);
      bytes += content.length;
    }
    return new Written(root, fileCount, bytes, planted);
  }

  private static int[] lineStarts(String s) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = s.indexOf('\n'); i >= 0 && i + 1 < s.length(); i = s.indexOf('\n', i + 1)) {
      starts.add(i + 1);
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A variable name: the generic rule needs a keyword before its value, the others must not. */
  private static String variable(String rule, int n) {
    return rule.equals("generic-api-key") ? "apiKey" + n : "VALUE_" + n;
  }

  static String secret(String rule, SplittableRandom r) {
    return switch (rule) {
      case "aws-access-token" -> "AKIA" + random(r, UPPER + "234567", 16);
      case "github-pat" -> "ghp_" + random(r, ALNUM, 36);
      case "gitlab-pat" -> "glpat-" + random(r, ALNUM, 20);
      case "slack-bot-token" ->
          "xoxb-"
              + random(r, DIGITS, 12)
              + "-"
              + random(r, DIGITS, 13)
              + "-"
              + random(r, ALNUM, 24);
      case "stripe-access-token" -> "sk_live_" + random(r, ALNUM, 32);
      case "generic-api-key" -> random(r, ALNUM, 32);
      default -> throw new IllegalArgumentException("no generator for " + rule);
    };
  }

  private static String random(SplittableRandom r, String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
