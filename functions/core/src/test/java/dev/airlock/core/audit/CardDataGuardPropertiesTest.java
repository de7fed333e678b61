package dev.airlock.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class CardDataGuardPropertiesTest {

  private static final List<String> PREFIXES =
      List.of("4", "51", "55", "2221", "2720", "34", "37", "6011", "65", "35");

  @Property(tries = 500)
  void findViolation_shouldCatchCard_whenLuhnValidNumberIsGroupedWithSeparators(
      @ForAll("groupedCards") String card, @ForAll("surroundings") String before) {
    String text = before + card + " end";

    assertEquals(Optional.of(CardDataGuard.CARD_NUMBER), CardDataGuard.findViolation(text), text);
    assertEquals(Optional.of(CardDataGuard.CARD_NUMBER), RedactionGuard.findViolation(text), text);
  }

  @Property(tries = 1000)
  void findViolation_shouldNotFlag_whenValueIsAnOrdinaryIdentifier(
      @ForAll("identifiers") String id) {
    assertTrue(CardDataGuard.findViolation(id).isEmpty(), id);
    assertTrue(RedactionGuard.findViolation(id).isEmpty(), id);
  }

  @Property(tries = 300)
  void findViolation_shouldNotFlag_whenDigitsFailLuhn(@ForAll("luhnInvalid") String digits) {
    assertTrue(CardDataGuard.findViolation(digits).isEmpty(), digits);
  }

  @Provide
  Arbitrary<String> groupedCards() {
    Arbitrary<String> prefix = Arbitraries.of(PREFIXES);
    Arbitrary<Integer> length = Arbitraries.integers().between(13, 19);
    Arbitrary<Long> seed = Arbitraries.longs();
    Arbitrary<List<Integer>> cuts = Arbitraries.integers().between(1, 18).list().ofMaxSize(5);
    Arbitrary<String> separator = Arbitraries.of("", " ", "-");
    return Combinators.combine(prefix, length, seed, cuts, separator)
        .as(
            (p, n, s, c, sep) -> {
              String digits = luhnComplete(p + body(s, n - p.length() - 1));
              return group(digits, c, sep);
            });
  }

  @Provide
  Arbitrary<String> surroundings() {
    return Arbitraries.of("", "card: ", "{\"pan\":\"", "x", "ref 12 ", "note\n");
  }

  @Provide
  Arbitrary<String> luhnInvalid() {
    return Combinators.combine(
            Arbitraries.of(PREFIXES), Arbitraries.integers().between(13, 19), Arbitraries.longs())
        .as(
            (p, n, s) -> {
              String valid = luhnComplete(p + body(s, n - p.length() - 1));
              char last = valid.charAt(valid.length() - 1);
              char wrong = (char) ('0' + (last - '0' + 1) % 10);
              return valid.substring(0, valid.length() - 1) + wrong;
            });
  }

  @Provide
  Arbitrary<String> identifiers() {
    Arbitrary<String> uuids = Arbitraries.create(() -> UUID.randomUUID().toString());
    Arbitrary<String> sha1 =
        Arbitraries.bytes().array(byte[].class).ofSize(20).map(b -> HexFormat.of().formatHex(b));
    Arbitrary<String> sha256 =
        Arbitraries.bytes().array(byte[].class).ofSize(32).map(b -> HexFormat.of().formatHex(b));
    // Epoch milliseconds 2001..2033 start with 1; from 2040 on they start with 2221+ and share
    // Mastercard's 2-series prefix, a known limit of the guard (see CardDataGuard).
    Arbitrary<String> millis =
        Arbitraries.longs().between(946_684_800_000L, 1_999_999_999_999L).map(String::valueOf);
    Arbitrary<String> nanos =
        Arbitraries.longs().between(946_684_800_000L, 1_999_999_999_999L).map(m -> m + "000000");
    Arbitrary<String> iso =
        Arbitraries.longs()
            .between(946_684_800L, 4_102_444_800L)
            .map(s -> Instant.ofEpochSecond(s, 123_000_000).toString());
    Arbitrary<String> compact = iso.map(s -> s.replaceAll("[^0-9]", "").substring(0, 14));
    Arbitrary<String> numericIds =
        Arbitraries.longs().between(1, 99_999_999_999L).map(String::valueOf);
    Arbitrary<String> keys =
        Combinators.combine(
                Arbitraries.strings().alpha().ofMinLength(3).ofMaxLength(12), sha1, uuids)
            .as((a, s, u) -> "tenants/" + a.toLowerCase() + "/results/" + s + "/" + u + ".json");
    return Arbitraries.oneOf(uuids, sha1, sha256, millis, nanos, iso, compact, numericIds, keys);
  }

  private static String body(long seed, int n) {
    java.util.Random r = new java.util.Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
    return sb.toString();
  }

  private static String luhnComplete(String partial) {
    for (char d = '0'; d <= '9'; d++) {
      if (CardDataGuard.luhn(partial + d)) {
        return partial + d;
      }
    }
    throw new IllegalStateException("no check digit");
  }

  private static String group(String digits, List<Integer> cuts, String sep) {
    StringBuilder out = new StringBuilder();
    int last = 0;
    for (int cut : cuts.stream().sorted().distinct().toList()) {
      if (cut > last && cut < digits.length()) {
        out.append(digits, last, cut).append(sep);
        last = cut;
      }
    }
    return out.append(digits.substring(last)).toString();
  }

  @Property(tries = 50)
  void luhnComplete_shouldAlwaysProduceValidNumbers(@ForAll @LongRange(min = 0) long seed) {
    assertTrue(CardDataGuard.luhn(luhnComplete(body(seed, 15))));
  }
}
