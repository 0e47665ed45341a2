package dev.taxi.auth;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.IdGenerator;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	TokenService tokenService(JwtProperties properties, IdGenerator ids, Clock clock, Environment environment) {
		return new TokenService(properties, ids, clock, sharesRedis(environment));
	}

	/** Instances that share Redis serve the same clients: they must share the signing key too. */
	private static boolean sharesRedis(Environment environment) {
		return environment.matchesProfiles("redis")
				|| "redis".equalsIgnoreCase(environment.getProperty("taxi.channels.type"));
	}

}
