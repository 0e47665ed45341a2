package dev.taxi.auth;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connections that end with their token (v2) or their user's deactivation (both versions). */
@Configuration(proxyBeanMethods = false)
class SocketAuthorityConfiguration {

	@Bean
	DeactivationWatch deactivationWatch(UserRepository users, AuthorityProperties properties) {
		return new DeactivationWatch(users, properties.deactivationCheck());
	}

	@Bean
	SocketAuthority socketAuthority(TokenService tokens, UserRepository users, DeactivationWatch deactivations,
			Clock clock, JsonMapper mapper) {
		return new SocketAuthority(tokens, users, deactivations, clock, mapper);
	}

}
