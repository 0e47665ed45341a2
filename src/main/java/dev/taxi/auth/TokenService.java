package dev.taxi.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.IdGenerator;

/**
 * Issues and verifies the JWTs of the protocol: HS256 only, with {@code token_type}, {@code exp},
 * {@code iat}, {@code jti}, {@code id} and the user's public fields, which the reference client
 * reads to learn who is logged in.
 */
final class TokenService {

	private static final Logger logger = LoggerFactory.getLogger(TokenService.class);

	private static final int MIN_SECRET_BYTES = 32;

	private final MACSigner signer;

	private final MACVerifier verifier;

	private final JwtProperties properties;

	private final IdGenerator ids;

	private final Clock clock;

	public TokenService(JwtProperties properties, IdGenerator ids, Clock clock) {
		this(properties, ids, clock, false);
	}

	/**
	 * @param shared whether several instances verify each other's tokens: then a missing secret fails
	 * start-up rather than giving each instance a key of its own
	 */
	TokenService(JwtProperties properties, IdGenerator ids, Clock clock, boolean shared) {
		byte[] secret = secret(properties.secret(), shared);
		try {
			this.signer = new MACSigner(secret);
			this.verifier = new MACVerifier(secret);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("taxi.jwt.secret is not a usable HS256 key", ex);
		}
		this.properties = properties;
		this.ids = ids;
		this.clock = clock;
	}

	private static byte[] secret(String configured, boolean shared) {
		if (configured.isBlank() && shared) {
			throw new IllegalStateException("taxi.jwt.secret is not set, and instances share Redis (the redis profile): "
					+ "each would sign with a random key of its own and refuse the others' tokens. Set TAXI_JWT_SECRET "
					+ "(or taxi.jwt.secret) to the same key of at least " + MIN_SECRET_BYTES + " bytes on every instance.");
		}
		if (configured.isBlank()) {
			logger.warn("taxi.jwt.secret is not set: using a random key, so tokens end with this process and "
					+ "other instances will not accept them. Set TAXI_JWT_SECRET in production.");
			byte[] random = new byte[MIN_SECRET_BYTES];
			new SecureRandom().nextBytes(random);
			return random;
		}
		byte[] secret = configured.getBytes(StandardCharsets.UTF_8);
		if (secret.length < MIN_SECRET_BYTES) {
			throw new IllegalStateException("taxi.jwt.secret must be at least " + MIN_SECRET_BYTES
					+ " bytes (256 bits) for HS256, got " + secret.length + ". Set TAXI_JWT_SECRET (or taxi.jwt.secret) "
					+ "to a longer key, the same on every instance.");
		}
		return secret;
	}

	public TokenPair issuePair(User user) {
		return new TokenPair(issue(user, TokenType.REFRESH, this.properties.refreshLifetime()), issueAccess(user));
	}

	public String issueAccess(User user) {
		return issue(user, TokenType.ACCESS, this.properties.accessLifetime());
	}

	private String issue(User user, TokenType type, Duration lifetime) {
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().serializeNullClaims(true)
			.claim("token_type", type.claim())
			.expirationTime(Date.from(now.plus(lifetime)))
			.issueTime(Date.from(now))
			.jwtID(this.ids.generateId().toString().replace("-", ""))
			.claim("id", user.id())
			.claim("username", user.username())
			.claim("first_name", user.firstName())
			.claim("last_name", user.lastName())
			.claim("group", user.role().groupName())
			.claim("photo", PhotoLink.PATH.link(user.photo()))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign a token", ex);
		}
		return jwt.serialize();
	}

	/**
	 * Checks a token's signature, expiry and type.
	 * @throws InvalidTokenException if it is not a valid token of that type
	 */
	public VerifiedToken verify(String token, TokenType expected) {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(this.verifier)) {
				throw new InvalidTokenException("Token signature is not valid");
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			Date expires = claims.getExpirationTime();
			if (expires == null || !this.clock.instant().isBefore(expires.toInstant())) {
				throw new InvalidTokenException("Token is expired");
			}
			if (!expected.claim().equals(claims.getStringClaim("token_type"))) {
				throw new InvalidTokenException("Token has wrong type");
			}
			Long userId = claims.getLongClaim("id");
			if (userId == null) {
				throw new InvalidTokenException("Token names no user");
			}
			return new VerifiedToken(userId, expected, Objects.toString(claims.getJWTID(), ""), expires.toInstant());
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			throw new InvalidTokenException("Token is malformed");
		}
	}

	/** A token that passed {@link #verify}. */
	public record VerifiedToken(long userId, TokenType type, String id, Instant expiresAt) {
	}

	/** What logging in answers. */
	public record TokenPair(String refresh, String access) {
	}

}
