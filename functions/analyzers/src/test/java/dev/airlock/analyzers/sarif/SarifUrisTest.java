package dev.airlock.analyzers.sarif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SarifUrisTest {

  @ParameterizedTest
  @CsvSource({
    "src/A.java,src/A.java",
    "dir with space/a b.txt,dir%20with%20space/a%20b.txt",
    "weird/50%.txt,weird/50%25.txt",
    "colon:name/x,colon%3Aname/x",
    "é/ü.txt,%C3%A9/%C3%BC.txt",
    "q?x#y,q%3Fx%23y"
  })
  void encodePath_shouldPercentEncodeOutsideThePathCharacters_whenGivenAFileName(
      String path, String uri) {
    assertEquals(uri, SarifUris.encodePath(path));
    assertTrue(SarifUris.isSafeRelativeUri(uri));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/etc/passwd",
        "../x",
        "a/../../x",
        "a/%2e%2E/x",
        "a/./b",
        "file:///tmp/x",
        "https://example.com/x",
        "C:/x",
        "a//b",
        "a/",
        "a%2Fb",
        "a%5cb",
        "a b",
        "a\\b",
        "a/%zz"
      })
  void isSafeRelativeUri_shouldRefuse_whenTheUriCouldLeaveTheRepository(String uri) {
    assertFalse(SarifUris.isSafeRelativeUri(uri));
  }
}
