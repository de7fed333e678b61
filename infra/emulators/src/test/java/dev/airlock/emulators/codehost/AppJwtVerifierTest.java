package dev.airlock.emulators.codehost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.emulators.MutableClock;
import dev.airlock.emulators.codehost.AppJwtVerifier.JwtRejectedException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JWT checks in process, at the exact boundaries GitHub documents; no sockets. */
class AppJwtVerifierTest {

  private static final long APP_ID = 4242;
  private static final String RS = "{\"alg\":\"RS256\"}";
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
  private final long now = clock.instant().getEpochSecond();
  private final AppJwtVerifier verifier =
      new AppJwtVerifier(
          (RSAPublicKey) CodeHostTestBed.APP_KEYS.getPublic(), APP_ID, clock, new ObjectMapper());

  private String signed(long iat, long exp, String iss) {
    return JwtForgery.rs256(
        CodeHostTestBed.APP_KEYS.getPrivate(), RS, JwtForgery.claims(iat, exp, iss));
  }

  @Test
  void verify_shouldReturnClaims_whenJwtIsWithinEveryLimit() throws Exception {
    AppJwtVerifier.VerifiedAppJwt verified =
        verifier.verify(signed(now - 60, now + 540, "\"4242\""));

    assertEquals(APP_ID, verified.appId());
    assertEquals(Instant.ofEpochSecond(now + 540), verified.expiresAt());
  }

  @Test
  void verify_shouldAccept_whenAtEachBoundary() throws Exception {
    verifier.verify(signed(now + 60, now + 660, "4242"));
    verifier.verify(signed(now - 599, now + 1, "4242"));
  }

  @Test
  void verify_shouldReject_whenJustPastEachBoundary() {
    assertThrows(
        JwtRejectedException.class, () -> verifier.verify(signed(now + 61, now + 300, "4242")));
    assertThrows(JwtRejectedException.class, () -> verifier.verify(signed(now - 600, now, "4242")));
    assertThrows(
        JwtRejectedException.class, () -> verifier.verify(signed(now - 1, now + 600, "4242")));
    assertThrows(
        JwtRejectedException.class, () -> verifier.verify(signed(now, now + 300, "4242.0")));
    assertThrows(
        JwtRejectedException.class, () -> verifier.verify(signed(now, now + 300, "\"04242\"")));
  }

  @Test
  void verify_shouldReject_whenHeaderIsNotRs256OrHasCrit() {
    String claims = JwtForgery.claims(now, now + 300, "4242");
    assertThrows(
        JwtRejectedException.class,
        () ->
            verifier.verify(
                JwtForgery.rs256(
                    CodeHostTestBed.APP_KEYS.getPrivate(), "{\"alg\":\"rs256\"}", claims)));
    assertThrows(
        JwtRejectedException.class,
        () ->
            verifier.verify(JwtForgery.rs256(CodeHostTestBed.APP_KEYS.getPrivate(), "{}", claims)));
    assertThrows(
        JwtRejectedException.class,
        () ->
            verifier.verify(
                JwtForgery.rs256(
                    CodeHostTestBed.APP_KEYS.getPrivate(),
                    "{\"alg\":\"RS256\",\"crit\":[\"exp\"]}",
                    claims)));
    assertThrows(
        JwtRejectedException.class,
        () ->
            verifier.verify(
                JwtForgery.hs256WithPublicKey(CodeHostTestBed.APP_KEYS.getPublic(), claims)));
    assertThrows(JwtRejectedException.class, () -> verifier.verify(JwtForgery.unsecured(claims)));
  }

  @Test
  void verify_shouldNotQuoteToken_whenRejecting() {
    String jwt = signed(now - 600, now - 1, "4242");

    JwtRejectedException e = assertThrows(JwtRejectedException.class, () -> verifier.verify(jwt));

    assertEquals(false, e.getMessage().contains(jwt.split("\\.")[1]));
  }
}
