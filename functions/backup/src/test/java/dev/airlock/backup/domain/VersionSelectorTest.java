package dev.airlock.backup.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.backup.port.StateSource.StateVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionSelectorTest {
  static final Instant CUT = Instant.parse("2026-01-01T12:00:00Z");

  static StateVersion v(String key, String id, long secondsFromCut, boolean latest) {
    return new StateVersion(key, id, CUT.plusSeconds(secondsFromCut), 1, latest, false);
  }

  static StateVersion marker(String key, String id, long secondsFromCut, boolean latest) {
    return new StateVersion(key, id, CUT.plusSeconds(secondsFromCut), 0, latest, true);
  }

  static List<String> select(StateVersion... listing) {
    List<String> out = new ArrayList<>();
    new VersionSelector(List.of(listing).iterator(), CUT)
        .forEachRemaining(s -> out.add(s.key() + "@" + s.versionId()));
    return out;
  }

  @Test
  void selector_shouldPickTheVersionCurrentAtTheCut_andIgnoreLaterWrites() {
    assertEquals(
        List.of("a@a2", "c@c1"),
        select(
            v("a", "a3", 5, true), // written during the snapshot
            v("a", "a2", -1, false),
            v("a", "a1", -9, false),
            v("b", "b1", 3, true), // created during the snapshot
            v("c", "c1", -2, true)));
  }

  @Test
  void selector_shouldTreatTheCutAsExclusive() {
    assertEquals(List.of("a@a1"), select(v("a", "a2", 0, true), v("a", "a1", -1, false)));
  }

  @Test
  void selector_shouldHonourDeleteMarkers_beforeTheCutOnly() {
    assertEquals(
        List.of("b@b1"),
        select(
            marker("a", "m1", -1, true), // deleted before: not in the snapshot
            v("a", "a1", -5, false),
            marker("b", "m2", 2, true), // deleted during: still in the snapshot
            v("b", "b1", -5, false)));
  }

  @Test
  void selector_shouldYieldNothing_forAnEmptyOrEntirelyLaterListing() {
    assertEquals(List.of(), select());
    assertEquals(List.of(), select(v("a", "a1", 1, true), v("b", "b1", 2, true)));
  }
}
