package dev.airlock.webhook.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Security;
import org.junit.jupiter.api.Test;

class WebhookCryptoWarmUpTest {

  @Test
  void warmUp_shouldPrimeTheJdkProviderWithoutRegisteringAnything_whenAccpIsNotOnTheClassPath() {
    int providersBefore = Security.getProviders().length;

    String provider = new WebhookCryptoWarmUp().warmUp(50);

    assertTrue(WebhookCryptoWarmUp.correttoProvider().isEmpty());
    assertEquals("SunJCE", provider);
    assertEquals(providersBefore, Security.getProviders().length);
  }
}
