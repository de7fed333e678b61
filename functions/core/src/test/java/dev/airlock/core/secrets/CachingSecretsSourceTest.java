package dev.airlock.core.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachingSecretsSourceTest {

  private final Map<String, String> stored = new HashMap<>();
  private final List<String> loads = new ArrayList<>();
  private boolean failing;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private final CachingSecretsSource source =
      new CachingSecretsSource(
          name -> {
            loads.add(name);
            if (failing) {
              throw new IllegalStateException("outage");
            }
            return Optional.ofNullable(stored.get(name));
          },
          Duration.ofMinutes(5),
          clock);

  @Test
  void secretList_shouldLoadOncePerTtl_andPickUpRotationAfterIt() {
    stored.put("webhook", "[\"v1\"]");

    assertEquals(Optional.of(List.of("v1")), source.secretList("webhook"));
    stored.put("webhook", "[\"v2\",\"v1\"]");
    now = now.plus(Duration.ofMinutes(4));
    assertEquals(Optional.of(List.of("v1")), source.secretList("webhook"));
    now = now.plus(Duration.ofMinutes(2));
    assertEquals(Optional.of(List.of("v2", "v1")), source.secretList("webhook"));

    assertEquals(2, loads.size());
  }

  @Test
  void secretList_shouldBeEmptyAndCached_whenSecretIsMissingOrBlank() {
    stored.put("blank", " , ");

    assertEquals(Optional.empty(), source.secretList("missing"));
    assertEquals(Optional.empty(), source.secretList("blank"));
    assertEquals(Optional.empty(), source.secretList("missing"));

    assertEquals(List.of("missing", "blank"), loads);
  }

  @Test
  void secretList_shouldFailClosedWithoutCaching_whenLoaderFails() {
    stored.put("webhook", "s1");
    failing = true;

    assertEquals(Optional.empty(), source.secretList("webhook"));
    failing = false;
    assertEquals(Optional.of(List.of("s1")), source.secretList("webhook"));

    assertEquals(2, loads.size());
  }
}
