package dev.taxi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.JdkIdGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Issuing and verifying tokens, without a server: what a client reads and what a forger tries. */
class TokenServiceTests {

	private static final String SECRET = "unit-test-secret-unit-test-secret-0123456789";

	private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");

	private static final User ALICE = new User(7, "alice", "Alice", "Liddell", Role.DRIVER, "photos/alice.png", true);

	private static final User BOB = new User(8, "bob", "Bob", "", Role.RIDER, null, true);

	private final TokenService tokens = service(SECRET, NOW);

	@Test
	void accessTokenCarriesExactlyTheProtocolClaims() {
		String access = this.tokens.issueAccess(ALICE);

		JsonNode claims = Jwts.payload(access);
		assertThat(claims.propertyNames()).containsExactlyInAnyOrder("token_type", "exp", "iat", "jti", "id", "username",
				"first_name", "last_name", "group", "photo");
		assertThat(claims.get("token_type").asString()).isEqualTo("access");
		assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
		assertThat(claims.get("id").isIntegralNumber()).isTrue();
		assertThat(claims.get("id").asLong()).isEqualTo(7);
		assertThat(claims.get("username").asString()).isEqualTo("alice");
		assertThat(claims.get("first_name").asString()).isEqualTo("Alice");
		assertThat(claims.get("last_name").asString()).isEqualTo("Liddell");
		assertThat(claims.get("group").asString()).isEqualTo("driver");
		assertThat(claims.get("photo").asString()).isEqualTo("/media/photos/alice.png");
		assertThat(claims.get("jti").asString()).isNotBlank();
	}

	@Test
	void refreshTokenCarriesTheSameClaimsWithItsOwnType() {
		TokenService.TokenPair pair = this.tokens.issuePair(ALICE);

		JsonNode refresh = Jwts.payload(pair.refresh());
		assertThat(refresh.propertyNames()).containsExactlyInAnyOrder("token_type", "exp", "iat", "jti", "id", "username",
				"first_name", "last_name", "group", "photo");
		assertThat(refresh.get("token_type").asString()).isEqualTo("refresh");
		assertThat(refresh.get("id").asLong()).isEqualTo(7);
		assertThat(Jwts.payload(pair.access()).get("token_type").asString()).isEqualTo("access");
		assertThat(refresh.get("jti").asString()).isNotEqualTo(Jwts.payload(pair.access()).get("jti").asString());
	}

	@Test
	void userWithoutPhotoHasNullPhotoClaim() {
		JsonNode claims = Jwts.payload(this.tokens.issueAccess(BOB));

		assertThat(claims.has("photo")).as("photo claim present").isTrue();
		assertThat(claims.get("photo").isNull()).isTrue();
		assertThat(claims.get("group").asString()).isEqualTo("rider");
		assertThat(claims.get("last_name").asString()).isEmpty();
	}

	@Test
	void tokensAreSignedWithHs256() {
		JsonNode header = Jwts.header(this.tokens.issueAccess(ALICE));

		assertThat(header.get("alg").asString()).isEqualTo("HS256");
		assertThat(Jwts.part(this.tokens.issueAccess(ALICE), 2)).isNotEmpty();
	}

	@Test
	void everyTokenHasItsOwnId() {
		assertThat(Jwts.payload(this.tokens.issueAccess(ALICE)).get("jti").asString())
			.isNotEqualTo(Jwts.payload(this.tokens.issueAccess(ALICE)).get("jti").asString());
	}

	@Test
	void defaultLifetimesAreSixtyMinutesAndOneDay() {
		JwtProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of("taxi.jwt.secret", SECRET)))
			.bindOrCreate("taxi.jwt", JwtProperties.class);
		TokenService service = new TokenService(defaults, new JdkIdGenerator(), Clock.fixed(NOW, ZoneOffset.UTC));

		TokenService.TokenPair pair = service.issuePair(ALICE);

		assertThat(lifetime(pair.access())).isEqualTo(Duration.ofMinutes(60));
		assertThat(lifetime(pair.refresh())).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void lifetimesAreConfigurable() {
		TokenService service = new TokenService(new JwtProperties(SECRET, Duration.ofMinutes(5), Duration.ofHours(2)),
				new JdkIdGenerator(), Clock.fixed(NOW, ZoneOffset.UTC));

		TokenService.TokenPair pair = service.issuePair(ALICE);

		assertThat(lifetime(pair.access())).isEqualTo(Duration.ofMinutes(5));
		assertThat(lifetime(pair.refresh())).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void verifyAcceptsAFreshTokenAndNamesItsUser() {
		TokenService.TokenPair pair = this.tokens.issuePair(ALICE);

		TokenService.VerifiedToken access = this.tokens.verify(pair.access(), TokenType.ACCESS);
		TokenService.VerifiedToken refresh = this.tokens.verify(pair.refresh(), TokenType.REFRESH);

		assertThat(access.userId()).isEqualTo(7);
		assertThat(access.type()).isEqualTo(TokenType.ACCESS);
		assertThat(access.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(60)));
		assertThat(access.id()).isEqualTo(Jwts.payload(pair.access()).get("jti").asString());
		assertThat(refresh.userId()).isEqualTo(7);
		assertThat(refresh.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
	}

	@Test
	void verifyAcceptsATokenUntilItExpires() {
		String access = this.tokens.issueAccess(ALICE);

		assertThatNoException()
			.isThrownBy(() -> service(SECRET, NOW.plus(Duration.ofMinutes(60)).minusSeconds(1)).verify(access, TokenType.ACCESS));
	}

	@Test
	void verifyRefusesAnExpiredAccessToken() {
		String access = this.tokens.issueAccess(ALICE);

		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> service(SECRET, NOW.plus(Duration.ofMinutes(60))).verify(access, TokenType.ACCESS));
		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> service(SECRET, NOW.plus(Duration.ofDays(3))).verify(access, TokenType.ACCESS));
	}

	@Test
	void verifyRefusesAnExpiredRefreshToken() {
		String refresh = this.tokens.issuePair(ALICE).refresh();

		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> service(SECRET, NOW.plus(Duration.ofDays(1)).plusSeconds(1)).verify(refresh, TokenType.REFRESH));
	}

	@Test
	void verifyRefusesATokenSignedWithAnotherSecret() {
		String forged = service("another-secret-another-secret-0123456789", NOW).issueAccess(ALICE);

		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(forged, TokenType.ACCESS));
	}

	@Test
	void verifyRefusesAnUnsignedTokenWithAlgNone() {
		String genuine = this.tokens.issueAccess(ALICE);
		String header = Jwts.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		String payload = Jwts.part(genuine, 1);

		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> this.tokens.verify(header + "." + payload + ".", TokenType.ACCESS));
		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> this.tokens.verify(header + "." + payload + "." + Jwts.part(genuine, 2), TokenType.ACCESS));
	}

	@Test
	void verifyRefusesATokenSignedWithTheRightSecretButAnotherAlgorithm() throws Exception {
		String longSecret = SECRET + SECRET;
		JWTClaimsSet claims = JWTClaimsSet.parse(Jwts.payload(this.tokens.issueAccess(ALICE)).toString());
		SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims);
		hs512.sign(new MACSigner(longSecret));

		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> service(longSecret, NOW).verify(hs512.serialize(), TokenType.ACCESS));
	}

	@Test
	void verifyRefusesATamperedPayload() {
		String genuine = this.tokens.issueAccess(BOB);
		String promoted = Jwts.payload(genuine).toString().replace("\"id\":8", "\"id\":7").replace("\"rider\"", "\"driver\"");
		assertThat(promoted).contains("\"id\":7", "\"driver\"");

		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> this.tokens.verify(Jwts.withPayload(genuine, promoted), TokenType.ACCESS));
	}

	@Test
	void verifyRefusesAnExpiryPushedIntoTheFuture() {
		String genuine = this.tokens.issueAccess(ALICE);
		long exp = Jwts.payload(genuine).get("exp").asLong();
		String extended = Jwts.payload(genuine).toString().replace("\"exp\":" + exp, "\"exp\":" + (exp + 86_400 * 365));

		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> this.tokens.verify(Jwts.withPayload(genuine, extended), TokenType.ACCESS));
	}

	@Test
	void verifyRefusesGarbage() {
		for (String garbage : new String[] { "", "garbage", "a.b.c", "...", "eyJhbGciOiJIUzI1NiJ9..",
				Jwts.encode("{\"alg\":\"HS256\"}") + "." + Jwts.encode("[]") + ".c2ln" }) {
			assertThatExceptionOfType(InvalidTokenException.class).as("token %s", garbage)
				.isThrownBy(() -> this.tokens.verify(garbage, TokenType.ACCESS));
		}
	}

	@Test
	void verifyRefusesARefreshTokenWhereAnAccessTokenIsRequired() {
		String refresh = this.tokens.issuePair(ALICE).refresh();

		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(refresh, TokenType.ACCESS));
	}

	@Test
	void verifyRefusesAnAccessTokenWhereARefreshTokenIsRequired() {
		String access = this.tokens.issueAccess(ALICE);

		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(access, TokenType.REFRESH));
	}

	@Test
	void secretShorterThan32BytesFailsConstruction() {
		assertThatIllegalStateException().isThrownBy(() -> service("x".repeat(31), NOW)).withMessageContaining("32");
		// Bytes, not characters: 16 two-byte characters make a 32-byte key.
		assertThatNoException().isThrownBy(() -> service("é".repeat(16), NOW));
		assertThatNoException().isThrownBy(() -> service("x".repeat(32), NOW));
	}

	@Test
	void blankSecretFallsBackToARandomKeyOfThisInstanceOnly() {
		TokenService one = service("", NOW);
		TokenService other = service("  ", NOW);
		String access = one.issueAccess(ALICE);

		assertThat(one.verify(access, TokenType.ACCESS).userId()).isEqualTo(7);
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> other.verify(access, TokenType.ACCESS));
		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> one.verify(other.issueAccess(ALICE), TokenType.ACCESS));
	}

	private static TokenService service(String secret, Instant now) {
		return new TokenService(new JwtProperties(secret, Duration.ofMinutes(60), Duration.ofDays(1)), new JdkIdGenerator(),
				Clock.fixed(now, ZoneOffset.UTC));
	}

	private static Duration lifetime(String token) {
		JsonNode claims = Jwts.payload(token);
		return Duration.ofSeconds(claims.get("exp").asLong() - claims.get("iat").asLong());
	}

}
