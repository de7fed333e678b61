package dev.airlock.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CfnYamlTest {

  @Test
  void parse_shouldExpandShortFormTags_whenTheyAreScalarsSequencesOrMappings() {
    Map<String, Object> parsed =
        CfnYaml.parse(
            String.join(
                "\n",
                "a: !Ref Bucket",
                "b: !GetAtt Queue.Arn",
                "c: !Sub '${Bucket.Arn}/*'",
                "d: !If [HasX, !Ref X, !Ref AWS::NoValue]",
                "e: !Select [5, !Split [':', !Ref Arn]]",
                "f: !Sub",
                "  - '${A}-${B}'",
                "  - B: !Ref Other",
                "g: !Not [!Equals [!Ref P, '']]",
                "h: !GetAtt [Key, Arn]",
                "i: !Condition IsProd"));

    assertEquals(Map.of("Ref", "Bucket"), parsed.get("a"));
    assertEquals(Map.of("Fn::GetAtt", List.of("Queue", "Arn")), parsed.get("b"));
    assertEquals(Map.of("Fn::Sub", "${Bucket.Arn}/*"), parsed.get("c"));
    assertEquals(
        Map.of("Fn::If", List.of("HasX", Map.of("Ref", "X"), Map.of("Ref", "AWS::NoValue"))),
        parsed.get("d"));
    assertEquals(
        Map.of("Fn::Select", List.of(5, Map.of("Fn::Split", List.of(":", Map.of("Ref", "Arn"))))),
        parsed.get("e"));
    assertEquals(
        Map.of("Fn::Sub", List.of("${A}-${B}", Map.of("B", Map.of("Ref", "Other")))),
        parsed.get("f"));
    assertEquals(
        Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), "")))),
        parsed.get("g"));
    assertEquals(Map.of("Fn::GetAtt", List.of("Key", "Arn")), parsed.get("h"));
    assertEquals(Map.of("Condition", "IsProd"), parsed.get("i"));
  }

  @Test
  void parse_shouldSplitGetAttAtTheFirstDot_whenTheAttributeHasDots() {
    Map<String, Object> parsed = CfnYaml.parse("x: !GetAtt Db.Endpoint.Address");

    assertEquals(Map.of("Fn::GetAtt", List.of("Db", "Endpoint.Address")), parsed.get("x"));
  }

  @Test
  void parse_shouldKeepDatesAsText_whenAPolicyVersionLooksLikeATimestamp() {
    Map<String, Object> parsed = CfnYaml.parse("Version: 2012-10-17\nFormat: 2010-09-09");

    assertEquals("2012-10-17", parsed.get("Version"));
    assertEquals("2010-09-09", parsed.get("Format"));
  }

  @Test
  void parse_shouldFail_whenAKeyIsDuplicated() {
    assertThrows(IllegalArgumentException.class, () -> CfnYaml.parse("a: 1\na: 2"));
  }

  @Test
  void parse_shouldFail_whenTheTopLevelIsNotAMapping() {
    assertThrows(IllegalArgumentException.class, () -> CfnYaml.parse("- just\n- a list"));
  }

  @Test
  void parse_shouldFail_whenGetAttHasNoAttribute() {
    assertThrows(IllegalArgumentException.class, () -> CfnYaml.parse("x: !GetAtt Bucket"));
  }
}
