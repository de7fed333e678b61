package dev.airlock.accounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AccountsFactoryTest {

  @Test
  void name_shouldTakeTheBucketNameFromTheTemplatesArn_andKeepAPlainName() {
    assertEquals(
        "airlock-prod-standby-state",
        AccountsFactory.name("arn:aws:s3:::airlock-prod-standby-state"));
    assertEquals("airlock-state-standby", AccountsFactory.name("airlock-state-standby"));
  }
}
