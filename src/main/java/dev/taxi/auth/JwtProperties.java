package dev.taxi.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tokens, under {@code taxi.jwt}.
 * @param secret the HS256 key, at least 32 bytes (256 bits); every instance must share it. Blank:
 * a random key for this process only (tokens die with it), fine for trying the server out
 * @param accessLifetime how long an access token is accepted
 * @param refreshLifetime how long a refresh token can be exchanged for access tokens
 */
@ConfigurationProperties("taxi.jwt")
public record JwtProperties(@DefaultValue("") String secret, @DefaultValue("60m") Duration accessLifetime,
		@DefaultValue("1d") Duration refreshLifetime) {
}
