package dev.airlock.analyzers.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TomlTest {

  @Test
  void parse_shouldReadEveryValueKind_whenGivenTheGitleaksSubset() {
    String text =
        """
        # comment
        title = "gitleaks config" # trailing comment
        minVersion = 'v8.25.0'
        n = 42
        f = 3.5
        b = true
        multi = '''
        (?i)[\\w.-]{0,50}?'quoted'
        second'''
        basic = "tab\\tquote\\" unicode \\u00e9"
        list = [
            "a", # inside
            'b',
        ]
        inline = { x = 1, y = "z" }
        """;

    Map<String, Object> root = Toml.parse(text);

    assertEquals("gitleaks config", root.get("title"));
    assertEquals("v8.25.0", root.get("minVersion"));
    assertEquals(42L, root.get("n"));
    assertEquals(3.5, root.get("f"));
    assertEquals(true, root.get("b"));
    assertEquals("(?i)[\\w.-]{0,50}?'quoted'\nsecond", root.get("multi"));
    assertEquals("tab\tquote\" unicode \u00e9", root.get("basic"));
    assertEquals(List.of("a", "b"), root.get("list"));
    assertEquals(Map.of("x", 1L, "y", "z"), root.get("inline"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void parse_shouldAttachNestedArraysOfTablesToTheLastElement_whenHeadersRepeat() {
    String text =
        """
        [allowlist]
        paths = ['''a''']

        [[rules]]
        id = "one"
        [[rules.allowlists]]
        regexes = ['''x''']
        [[rules.allowlists]]
        regexes = ['''y''']

        [[rules]]
        id = "two"
        """;

    Map<String, Object> root = Toml.parse(text);
    List<Map<String, Object>> rules = (List<Map<String, Object>>) root.get("rules");

    assertEquals(2, rules.size());
    assertEquals(2, ((List<?>) rules.get(0).get("allowlists")).size());
    assertFalse(rules.get(1).containsKey("allowlists"));
    assertEquals(List.of("a"), ((Map<String, Object>) root.get("allowlist")).get("paths"));
  }

  @Test
  void parse_shouldFailWithTheLineNumberAndNoContent_whenMalformed() {
    Toml.TomlException e =
        assertThrows(Toml.TomlException.class, () -> Toml.parse("a = 1\nsecret = 'unterminated\n"));

    assertEquals("TOML line 2: unterminated string", e.getMessage());
    assertThrows(Toml.TomlException.class, () -> Toml.parse("a = 1\na = 2\n"));
    assertThrows(Toml.TomlException.class, () -> Toml.parse("d = 1979-05-27\n"));
  }
}
