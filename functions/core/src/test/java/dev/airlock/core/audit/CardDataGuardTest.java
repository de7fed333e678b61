package dev.airlock.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CardDataGuardTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4242424242424242",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "378282246310005",
        "3782 822463 10005",
        "6011111111111117",
        "2223003122003222",
        "4000056655665556",
        "{\"pan\":\"4012888888881881\"}",
        "order 12 4111 1111 1111 1111",
        "card4242424242424242x"
      })
  void findViolation_shouldReportCardNumber_whenLuhnValidCardIsPresent(String text) {
    assertEquals(Optional.of(CardDataGuard.CARD_NUMBER), CardDataGuard.findViolation(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4242424242424241",
        "4111 1111 1111 1112",
        "1764367200000",
        "20260102030405",
        "17643672000001234",
        "4242424242424242424242",
        "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
        "123456789012",
        "+1 555-555-5555",
        "{\"number\": 42, \"id\": 1296269}"
      })
  void findViolation_shouldBeEmpty_whenTextHasNoCard(String text) {
    assertEquals(Optional.empty(), CardDataGuard.findViolation(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"cvc\": \"123\"}",
        "{\"cvv\":123}",
        "{\"exp_month\": 8, \"brand\": \"visa\"}",
        "{\"exp_year\": 2030}",
        "{\"expMonth\":\"12\"}",
        "{\"number\": \"4242 4242 4242 4241\"}",
        "{\"card_number\":\"000000000000\"}"
      })
  void findViolation_shouldReportCardField_whenCardFieldHoldsDigits(String json) {
    assertEquals(Optional.of(CardDataGuard.CARD_FIELD), CardDataGuard.findViolation(json));
  }

  @Test
  void findViolation_shouldReportCardField_forStripePaymentMethodFixture() throws IOException {
    // Cited fixture (shared/fixtures/stripe/objects, see PROVENANCE.md): a card payment method.
    Path fixture =
        Path.of(System.getProperty("airlock.fixtures.dir", "../../../shared/fixtures"))
            .resolve("stripe/objects/payment_method.json");
    String json = Files.readString(fixture);

    assertTrue(CardDataGuard.findViolation(json).isPresent());
  }

  @Test
  void luhn_shouldAcceptValidAndRejectInvalidCheckDigits() {
    assertTrue(CardDataGuard.luhn("79927398713"));
    assertFalse(CardDataGuard.luhn("79927398710"));
    assertFalse(CardDataGuard.luhn("7992739871x"));
    assertFalse(CardDataGuard.luhn(""));
  }
}
