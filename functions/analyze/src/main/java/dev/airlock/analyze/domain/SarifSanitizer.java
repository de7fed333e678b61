package dev.airlock.analyze.domain;

import dev.airlock.analyze.port.JsonCodec;
import dev.airlock.core.audit.RedactionGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Rebuilds an analyzer's SARIF 2.1.0 log from an allow-list, so that what Airlock stores can carry
 * locations, rule ids and rule metadata, and nothing else: the parent process re-checks what the
 * sandboxed analyzers wrote instead of trusting it.
 *
 * <p>Tool and rule text comes from the parent's {@link RuleCatalog}, never from the log: a run
 * whose driver is not catalogued is dropped (its results counted as dropped), and a rule the
 * catalog does not hold for that tool is dropped with its results. So even a subverted analyzer
 * cannot write code into a driver's version, a rule's name, description or help link; what it still
 * controls is which catalogued rules fire at which written file and region.
 *
 * <p>Kept: per run, the catalogued driver's name, version and information URI; its rule table (the
 * catalogued id, name, short and full description and help URI (https, no query, a plain anchor at
 * most) of each declared rule, with the log's default level when it is one of SARIF's levels); per
 * result, the rule id, level, locations whose URI names a file the checkout wrote (relative,
 * percent-encoded; absolute sandbox paths are made relative) with integer regions, and partial
 * fingerprints of a restricted alphabet (digest-shaped: hex, optionally {@code :n}), its {@code
 * kind} and {@code baselineState} when they are SARIF's enumerated values, and a {@code SRCROOT}
 * base id. A result's message becomes its rule's short description: analyzer messages are not kept,
 * because they can quote the code. The analyzers' own tool-execution notes are kept only with an
 * {@code airlock/...} descriptor id and a short clean message.
 *
 * <p>Dropped, always: snippets, context regions, message text from results, properties of rules,
 * results and runs, code flows, related locations, fixes, artifacts (with their contents), graphs,
 * web requests, invocations' output, attachments, suppressions, and anything not named above.
 * Results whose rule is not in the run's rule table, or with no acceptable location, are dropped.
 * Every kept string is length-capped and passes {@link RedactionGuard}; a location's path is not
 * dropped but stored with each flagged segment replaced by a keyed marker ({@link PathRedactor}).
 *
 * <p>GitHub code-scanning limits: at most {@code maxResultsPerRun} results per run, and the gzipped
 * log at most {@code maxGzipBytes}; beyond either, results are truncated and the run gets a
 * tool-execution notification saying so. Never fails for size.
 */
public final class SarifSanitizer {

  /** The kept log and what it holds. */
  public record Sanitized(
      Map<String, Object> sarif,
      byte[] json,
      long gzipBytes,
      int results,
      Map<String, Long> byRule,
      Map<String, Long> byLevel,
      List<Map<String, Object>> runs,
      int droppedResults,
      int droppedLocations,
      boolean truncated) {}

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");
  private static final Set<String> COLUMN_KINDS = Set.of("utf16CodeUnits", "unicodeCodePoints");
  private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/\\-]{0,127}");
  private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_. :/\\-]{0,127}");
  private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._\\-]{0,63}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+\\-]{0,63}");
  private static final Pattern FINGERPRINT_KEY =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./\\-]{0,63}");

  /**
   * Digest-shaped only (hex, optionally {@code :n}): a fingerprint must not be able to carry text.
   */
  private static final Pattern FINGERPRINT_VALUE =
      Pattern.compile("[0-9a-fA-F]{8,128}(:[0-9]{1,9})?");

  /** A documentation anchor (PMD's rule pages use the lower-cased rule name). */
  private static final Pattern ANCHOR = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

  private static final Pattern NOTE_ID = Pattern.compile("airlock/[a-z0-9][a-z0-9\\-]{0,47}");
  private static final Set<String> NOTE_LEVELS = Set.of("none", "note", "warning", "error");
  private static final Set<String> KINDS =
      Set.of("pass", "open", "informational", "notApplicable", "review", "fail");
  private static final Set<String> BASELINE_STATES =
      Set.of("new", "unchanged", "updated", "absent");
  private static final int MAX_NOTES = 50;
  private static final int MAX_RUNS = 20;
  private static final int MAX_RULES = 5000;
  private static final int MAX_TEXT = 1024;
  private static final int MAX_URI = 2048;
  private static final int MAX_LOCATIONS = 10;
  private static final int MAX_FINGERPRINTS = 8;
  private static final long MAX_POSITION = 10_000_000L;

  private final int maxResultsPerRun;
  private final long maxGzipBytes;
  private final JsonCodec json;
  private final RuleCatalog catalog;

  /**
   * @param catalog where tool and rule text comes from
   * @throws IllegalArgumentException on a limit out of range or a missing collaborator
   */
  public SarifSanitizer(
      int maxResultsPerRun, long maxGzipBytes, JsonCodec json, RuleCatalog catalog) {
    if (maxResultsPerRun < 1 || maxGzipBytes < 1024 || json == null || catalog == null) {
      throw new IllegalArgumentException("invalid SARIF limits");
    }
    this.maxResultsPerRun = maxResultsPerRun;
    this.maxGzipBytes = maxGzipBytes;
    this.json = json;
    this.catalog = catalog;
  }

  /**
   * Sanitizes an analyzer's SARIF.
   *
   * @param raw the analyzer's output bytes
   * @param writtenPaths the files the checkout wrote, relative to the source root
   * @param sourceRoot the absolute source root in the sandbox (absolute locations under it are made
   *     relative; others are dropped)
   * @throws AnalysisException {@link Reason#ANALYZER_OUTPUT_INVALID} if it is not a SARIF 2.1.0 log
   */
  public Sanitized sanitize(byte[] raw, Set<String> writtenPaths, String sourceRoot) {
    return sanitize(raw, writtenPaths, sourceRoot, PathRedactor.ephemeral());
  }

  /**
   * Sanitizes an analyzer's SARIF, storing paths in the form {@code redactor} gives them: a path
   * segment that looks like a token is replaced by a keyed marker (see {@link PathRedactor}). A
   * location already in that stored form (a result carried forward from a stored log) is accepted
   * for the written file it stands for.
   *
   * @throws AnalysisException {@link Reason#ANALYZER_OUTPUT_INVALID} if it is not a SARIF 2.1.0 log
   */
  public Sanitized sanitize(
      byte[] raw, Set<String> writtenPaths, String sourceRoot, PathRedactor redactor) {
    Object parsed;
    try {
      parsed = json.read(raw);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(Reason.ANALYZER_OUTPUT_INVALID);
    }
    if (!(parsed instanceof Map<?, ?> log)
        || !"2.1.0".equals(log.get("version"))
        || !(log.get("runs") instanceof List<?> runs)) {
      throw new AnalysisException(Reason.ANALYZER_OUTPUT_INVALID);
    }
    Counter counter = new Counter(redactor, writtenPaths);
    List<RunParts> parts = new ArrayList<>();
    for (Object run : runs.subList(0, Math.min(runs.size(), MAX_RUNS))) {
      if (run instanceof Map<?, ?> r) {
        RunParts p = run(r, writtenPaths, sourceRoot, counter);
        if (p != null) {
          parts.add(p);
        }
      }
    }
    boolean truncated = false;
    for (RunParts p : parts) {
      if (p.results.size() > maxResultsPerRun) {
        p.note(p.results.size(), maxResultsPerRun, "GitHub code scanning's per-run result limit");
        p.results = new ArrayList<>(p.results.subList(0, maxResultsPerRun));
        truncated = true;
      }
    }
    Map<String, Object> log2 = assemble(parts);
    byte[] bytes = json.write(log2);
    long gz = gzipSize(bytes);
    while (gz > maxGzipBytes && parts.stream().anyMatch(p -> !p.results.isEmpty())) {
      for (RunParts p : parts) {
        int keep = p.results.size() / 2;
        p.note(p.results.size(), keep, "the stored log's compressed size limit");
        p.results = new ArrayList<>(p.results.subList(0, keep));
      }
      truncated = true;
      log2 = assemble(parts);
      bytes = json.write(log2);
      gz = gzipSize(bytes);
    }
    Map<String, Long> byRule = new TreeMap<>();
    Map<String, Long> byLevel = new TreeMap<>();
    List<Map<String, Object>> runSummaries = new ArrayList<>();
    int total = 0;
    for (RunParts p : parts) {
      for (Map<String, Object> result : p.results) {
        byRule.merge((String) result.get("ruleId"), 1L, Long::sum);
        byLevel.merge((String) result.get("level"), 1L, Long::sum);
      }
      total += p.results.size();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("tool", p.toolName);
      s.put("results", (long) p.results.size());
      s.put("truncated", !p.notes.isEmpty());
      runSummaries.add(s);
    }
    return new Sanitized(
        log2,
        bytes,
        gz,
        total,
        byRule,
        byLevel,
        runSummaries,
        counter.droppedResults,
        counter.droppedLocations,
        truncated);
  }

  private static final class Counter {
    int droppedResults;
    int droppedLocations;
    final PathRedactor redactor;
    final Set<String> writtenPaths;
    private Map<String, String> redactedToReal;

    Counter(PathRedactor redactor, Set<String> writtenPaths) {
      this.redactor = redactor;
      this.writtenPaths = writtenPaths;
    }

    /** The written file a stored (redacted) path stands for, or null; computed on first use. */
    String realPathOf(String storedPath) {
      if (redactedToReal == null) {
        redactedToReal = redactor.redactedToReal(writtenPaths);
      }
      return redactedToReal.get(storedPath);
    }
  }

  /** One run being rebuilt. */
  private static final class RunParts {
    Map<String, Object> driver;
    String toolName;
    List<Map<String, Object>> rules;
    List<Map<String, Object>> results;
    Boolean executionSuccessful;
    String columnKind;
    final List<Map<String, Object>> analyzerNotes = new ArrayList<>();
    final List<Map<String, Object>> notes = new ArrayList<>();

    void note(int had, int kept, String why) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put(
          "text",
          "Airlock kept " + kept + " of " + had + " results of this run because of " + why + ".");
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("descriptor", Map.of("id", "airlock/results-truncated"));
      n.put("level", "warning");
      n.put("message", message);
      notes.add(n);
    }
  }

  private RunParts run(Map<?, ?> run, Set<String> writtenPaths, String sourceRoot, Counter c) {
    Map<?, ?> driverIn = map(map(run.get("tool")).get("driver"));
    Optional<RuleCatalog.Tool> catalogued =
        string(driverIn.get("name"), TOOL_NAME).flatMap(catalog::tool);
    if (catalogued.isEmpty()) {
      c.droppedResults += list(run.get("results")).size();
      return null;
    }
    RuleCatalog.Tool tool = catalogued.get();
    RunParts p = new RunParts();
    p.toolName = tool.name();
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", p.toolName);
    string(tool.version(), VERSION).ifPresent(v -> driver.put("version", v));
    httpsUri(tool.informationUri()).ifPresent(v -> driver.put("informationUri", v));

    Map<String, Map<String, Object>> rulesById = new LinkedHashMap<>();
    List<Object> inputRules = list(driverIn.get("rules"));
    List<String> inputRuleIds = new ArrayList<>();
    for (Object r : inputRules) {
      Map<String, Object> rule = r instanceof Map<?, ?> m ? rule(m, tool) : null;
      inputRuleIds.add(rule == null ? null : (String) rule.get("id"));
      if (rule != null && rulesById.size() < MAX_RULES) {
        rulesById.putIfAbsent((String) rule.get("id"), rule);
      }
    }
    p.rules = new ArrayList<>(rulesById.values());
    List<String> ruleOrder = new ArrayList<>(rulesById.keySet());
    driver.put("rules", p.rules);
    p.driver = driver;

    p.results = new ArrayList<>();
    for (Object r : list(run.get("results"))) {
      Map<String, Object> result =
          r instanceof Map<?, ?> m
              ? result(m, rulesById, ruleOrder, inputRuleIds, writtenPaths, sourceRoot, c)
              : null;
      if (result == null) {
        c.droppedResults++;
      } else {
        p.results.add(result);
      }
    }
    for (Object inv : list(run.get("invocations"))) {
      if (map(inv).get("executionSuccessful") instanceof Boolean b) {
        p.executionSuccessful = b;
        for (Object n : list(map(inv).get("toolExecutionNotifications"))) {
          Map<String, Object> note = analyzerNote(map(n));
          if (note != null && p.analyzerNotes.size() < MAX_NOTES) {
            p.analyzerNotes.add(note);
          }
        }
        break;
      }
    }
    if (run.get("columnKind") instanceof String ck && COLUMN_KINDS.contains(ck)) {
      p.columnKind = ck;
    }
    return p;
  }

  /**
   * The analyzers' own notes (truncation, skipped rules, failures): kept only with an {@code
   * airlock/...} descriptor id, a known level and a short, clean message.
   */
  private static Map<String, Object> analyzerNote(Map<?, ?> in) {
    Optional<String> id = string(map(in.get("descriptor")).get("id"), NOTE_ID);
    Optional<String> text = text(map(in.get("message")).get("text"));
    if (id.isEmpty() || text.isEmpty()) {
      return null;
    }
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("descriptor", Map.of("id", id.get()));
    if (in.get("level") instanceof String l && NOTE_LEVELS.contains(l)) {
      note.put("level", l);
    }
    note.put("message", Map.of("text", text.get()));
    return note;
  }

  /** The catalogued rule {@code in} declares, with the log's level if valid; else null. */
  private static Map<String, Object> rule(Map<?, ?> in, RuleCatalog.Tool tool) {
    RuleCatalog.Rule known =
        string(in.get("id"), RULE_ID).map(id -> tool.rules().get(id)).orElse(null);
    if (known == null) {
      return null;
    }
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("id", known.id());
    string(known.name(), RULE_NAME).ifPresent(v -> rule.put("name", v));
    text(known.shortDescription()).ifPresent(t -> rule.put("shortDescription", Map.of("text", t)));
    text(known.fullDescription()).ifPresent(t -> rule.put("fullDescription", Map.of("text", t)));
    httpsUri(known.helpUri()).ifPresent(v -> rule.put("helpUri", v));
    Object level = map(in.get("defaultConfiguration")).get("level");
    if (level instanceof String l && LEVELS.contains(l)) {
      rule.put("defaultConfiguration", Map.of("level", l));
    }
    return rule;
  }

  private Map<String, Object> result(
      Map<?, ?> in,
      Map<String, Map<String, Object>> rulesById,
      List<String> ruleOrder,
      List<String> inputRuleIds,
      Set<String> writtenPaths,
      String sourceRoot,
      Counter c) {
    String ruleId = resolveRuleId(in, inputRuleIds);
    Map<String, Object> rule = ruleId == null ? null : rulesById.get(ruleId);
    if (rule == null) {
      return null;
    }
    List<Map<String, Object>> locations = new ArrayList<>();
    for (Object l : list(in.get("locations"))) {
      Map<String, Object> loc = location(map(l), writtenPaths, sourceRoot, c);
      if (loc == null || locations.size() >= MAX_LOCATIONS) {
        c.droppedLocations++;
      } else {
        locations.add(loc);
      }
    }
    if (locations.isEmpty()) {
      return null;
    }
    String level =
        in.get("level") instanceof String l && LEVELS.contains(l)
            ? l
            : map(rule.get("defaultConfiguration")).get("level") instanceof String d
                ? d
                : "warning";
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ruleId", ruleId);
    result.put("ruleIndex", (long) ruleOrder.indexOf(ruleId));
    result.put("level", level);
    if (in.get("kind") instanceof String k && KINDS.contains(k)) {
      result.put("kind", k);
    }
    if (in.get("baselineState") instanceof String b && BASELINE_STATES.contains(b)) {
      result.put("baselineState", b);
    }
    Object description = map(rule.get("shortDescription")).get("text");
    result.put("message", Map.of("text", description instanceof String d ? d : ruleId));
    result.put("locations", locations);
    Map<String, Object> fingerprints = new TreeMap<>();
    for (Map.Entry<?, ?> e : map(in.get("partialFingerprints")).entrySet()) {
      if (fingerprints.size() < MAX_FINGERPRINTS
          && e.getKey() instanceof String k
          && FINGERPRINT_KEY.matcher(k).matches()
          && e.getValue() instanceof String v
          && FINGERPRINT_VALUE.matcher(v).matches()
          && RedactionGuard.isClean(v)) {
        fingerprints.put(k, v);
      }
    }
    if (!fingerprints.isEmpty()) {
      result.put("partialFingerprints", fingerprints);
    }
    return result;
  }

  private static String resolveRuleId(Map<?, ?> in, List<String> inputRuleIds) {
    if (in.get("ruleId") instanceof String s) {
      return s;
    }
    if (map(in.get("rule")).get("id") instanceof String s) {
      return s;
    }
    Object index = in.get("ruleIndex");
    if (index == null) {
      index = map(in.get("rule")).get("index");
    }
    long i = integer(index);
    if (i >= 0 && i < inputRuleIds.size()) {
      return inputRuleIds.get((int) i);
    }
    return null;
  }

  private static Map<String, Object> location(
      Map<?, ?> in, Set<String> writtenPaths, String sourceRoot, Counter c) {
    Map<?, ?> physical = map(in.get("physicalLocation"));
    Object uri = map(physical.get("artifactLocation")).get("uri");
    String path = relativePath(uri, writtenPaths, sourceRoot);
    if (path == null && uri instanceof String u && u.contains(PathRedactor.MARKER)) {
      // a carried-forward result names its file in stored (redacted) form
      String stored = relativePath(uri, Set.of(decodedRelative(u)), sourceRoot);
      path = stored == null ? null : c.realPathOf(stored);
    }
    if (path == null) {
      return null;
    }
    Map<String, Object> artifact = new LinkedHashMap<>();
    // a file name can hold a token (keys/AKIA….csv): only its stored form leaves
    artifact.put("uri", encodePath(c.redactor.redact(path)));
    Object base = map(physical.get("artifactLocation")).get("uriBaseId");
    if ("SRCROOT".equals(base) || "%SRCROOT%".equals(base)) {
      artifact.put("uriBaseId", base);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("artifactLocation", artifact);
    Map<?, ?> regionIn = map(physical.get("region"));
    Map<String, Object> region = new LinkedHashMap<>();
    long startLine = position(regionIn.get("startLine"));
    if (startLine > 0) {
      region.put("startLine", startLine);
      long startColumn = position(regionIn.get("startColumn"));
      if (startColumn > 0) {
        region.put("startColumn", startColumn);
      }
      long endLine = position(regionIn.get("endLine"));
      if (endLine >= startLine) {
        region.put("endLine", endLine);
      }
      long endColumn = position(regionIn.get("endColumn"));
      if (endColumn > 0) {
        region.put("endColumn", endColumn);
      }
      out.put("region", region);
    }
    Map<String, Object> location = new LinkedHashMap<>();
    location.put("physicalLocation", out);
    return location;
  }

  /** {@code uri} decoded as {@link #relativePath} does for a relative path. */
  private static String decodedRelative(String u) {
    try {
      String path =
          u.indexOf('%') >= 0
              ? URLDecoder.decode(u.replace("+", "%2B"), StandardCharsets.UTF_8)
              : u;
      return path.startsWith("./") ? path.substring(2) : path;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The written file {@code uri} names, or null if it names none. */
  static String relativePath(Object uri, Set<String> writtenPaths, String sourceRoot) {
    if (!(uri instanceof String u) || u.isEmpty() || u.length() > MAX_URI) {
      return null;
    }
    String path;
    try {
      if (u.regionMatches(true, 0, "file:", 0, 5)) {
        path = new URI(u).getPath();
      } else if (u.indexOf(':') >= 0 && (u.indexOf('/') < 0 || u.indexOf(':') < u.indexOf('/'))) {
        return null;
      } else {
        path =
            u.indexOf('%') >= 0
                ? URLDecoder.decode(u.replace("+", "%2B"), StandardCharsets.UTF_8)
                : u;
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    if (path == null) {
      return null;
    }
    if (path.startsWith("/")) {
      String root = sourceRoot.endsWith("/") ? sourceRoot : sourceRoot + "/";
      if (!path.startsWith(root)) {
        return null;
      }
      path = path.substring(root.length());
    }
    if (path.startsWith("./")) {
      path = path.substring(2);
    }
    return writtenPaths.contains(path) ? path : null;
  }

  /** Percent-encodes every byte of a relative path except unreserved characters and slashes. */
  static String encodePath(String path) {
    StringBuilder b = new StringBuilder();
    for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }

  private Map<String, Object> assemble(List<RunParts> parts) {
    List<Object> runs = new ArrayList<>();
    for (RunParts p : parts) {
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("tool", Map.of("driver", p.driver));
      Map<String, Object> invocation = new LinkedHashMap<>();
      invocation.put("executionSuccessful", p.executionSuccessful == null || p.executionSuccessful);
      if (!p.analyzerNotes.isEmpty() || !p.notes.isEmpty()) {
        List<Map<String, Object>> all = new ArrayList<>(p.analyzerNotes);
        all.addAll(p.notes);
        invocation.put("toolExecutionNotifications", all);
      }
      run.put("invocations", List.of(invocation));
      if (p.columnKind != null) {
        run.put("columnKind", p.columnKind);
      }
      run.put("results", p.results);
      runs.add(run);
    }
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    log.put("runs", runs);
    return log;
  }

  private static long gzipSize(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  private static List<Object> list(Object o) {
    if (o instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return List.of();
  }

  private static Optional<String> string(Object o, Pattern pattern) {
    if (o instanceof String s && pattern.matcher(s).matches() && RedactionGuard.isClean(s)) {
      return Optional.of(s);
    }
    return Optional.empty();
  }

  private static Optional<String> text(Object o) {
    if (!(o instanceof String s) || s.isBlank() || s.length() > MAX_TEXT) {
      return Optional.empty();
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\t') {
        return Optional.empty();
      }
    }
    return RedactionGuard.isClean(s) ? Optional.of(s) : Optional.empty();
  }

  private static Optional<String> httpsUri(Object o) {
    if (!(o instanceof String s) || s.length() > MAX_URI || !RedactionGuard.isClean(s)) {
      return Optional.empty();
    }
    try {
      URI u = new URI(s);
      // A query, or a fragment beyond a plain anchor, could carry whatever the analyzer read.
      if ("https".equals(u.getScheme())
          && u.getHost() != null
          && u.getRawUserInfo() == null
          && u.getRawQuery() == null
          && (u.getRawFragment() == null || ANCHOR.matcher(u.getRawFragment()).matches())) {
        return Optional.of(u.toASCIIString());
      }
    } catch (URISyntaxException e) {
      // not a URI: dropped
    }
    return Optional.empty();
  }

  private static long position(Object o) {
    long v = integer(o);
    return v >= 1 && v <= MAX_POSITION ? v : -1;
  }

  private static long integer(Object o) {
    if (o instanceof Long l) {
      return l;
    }
    if (o instanceof Integer i) {
      return i;
    }
    if (o instanceof BigInteger b && b.bitLength() < 63) {
      return b.longValue();
    }
    return -1;
  }
}
