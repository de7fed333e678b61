package dev.airlock.core.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretValuesTest {

  @Test
  void parse_shouldSplitAndTrim_whenValueIsCommaSeparated() {
    assertEquals(Optional.of(List.of("new", "old")), SecretValues.parse(" new , old ,"));
  }

  @Test
  void parse_shouldReadArray_whenValueIsJsonArray() {
    assertEquals(Optional.of(List.of("a,b", "c")), SecretValues.parse("[\"a,b\", \" c \", \"\"]"));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", ",,", "[]", "[\"\"]", "[1,", "[{\"a\":1}]"})
  void parse_shouldBeEmpty_whenNothingUsable(String raw) {
    assertEquals(Optional.empty(), SecretValues.parse(raw));
  }

  @Test
  void secretList_shouldReadMappedVariable_whenSet() {
    Map<String, String> env = Map.of("AIRLOCK_GITHUB_WEBHOOK", "s1,s2");
    EnvironmentSecretsSource source = new EnvironmentSecretsSource(env::get);

    assertEquals(Optional.of(List.of("s1", "s2")), source.secretList("airlock/github-webhook"));
    assertEquals(Optional.empty(), source.secretList("airlock/gitlab-webhook"));
    assertEquals(Optional.empty(), source.secretList(""));
  }
}
