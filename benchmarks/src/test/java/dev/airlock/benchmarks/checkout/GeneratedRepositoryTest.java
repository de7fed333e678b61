package dev.airlock.benchmarks.checkout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeneratedRepositoryTest {

  @Test
  void generate_shouldBeDeterministic_whenTheSeedIsTheSame() {
    GeneratedRepository a = GeneratedRepository.generate(3, 50, 500_000);
    GeneratedRepository b = GeneratedRepository.generate(3, 50, 500_000);

    assertEquals(a.files().keySet(), b.files().keySet());
    String first = a.files().keySet().iterator().next();
    assertArrayEquals(a.files().get(first), b.files().get(first));
    assertEquals(a.totalBytes(), b.totalBytes());
  }

  @Test
  void generate_shouldHitTheRequestedShape_whenGeneratingIssue8sRepository() {
    GeneratedRepository r = GeneratedRepository.generate(CloneFigure.SEED, 5_000, 45_000_000);

    assertEquals(5_000, r.files().size());
    assertTrue(
        r.totalBytes() > 43_000_000 && r.totalBytes() < 48_000_000, "bytes " + r.totalBytes());
    assertTrue(r.files().keySet().stream().allMatch(p -> p.endsWith(".java")));
  }

  @Test
  void generate_shouldRefuse_whenFilesWouldBeTooSmall() {
    assertThrows(IllegalArgumentException.class, () -> GeneratedRepository.generate(1, 10, 100));
  }
}
