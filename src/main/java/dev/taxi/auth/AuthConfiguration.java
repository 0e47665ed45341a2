package dev.taxi.auth;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
	TokenService tokenService(JwtProperties properties, IdGenerator ids, Clock clock) {
		return new TokenService(properties, ids, clock);
	}

}
