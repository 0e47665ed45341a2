package dev.taxi.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taxi.channels.socket.SocketPath;
import dev.taxi.web.Problems;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.HttpStatusExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who may call what. REST takes a Bearer access token; the WebSocket handshake takes it as
 * {@code ?token=} and is refused with 403 before the upgrade without a valid one. No sessions,
 * no cookies, hence no CSRF. Failures answer the reference's {@code {"detail": ...}} bodies. Every
 * answer carries Spring Security's default headers and a {@link ContentSecurityPolicies content security policy}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	private static final String[] PUBLIC_POSTS = { "/api/sign_up", "/api/sign_up/", "/api/log_in", "/api/log_in/",
			"/api/token/refresh", "/api/token/refresh/" };

	static boolean isSocketPath(String path) {
		return path.equals(SocketPath.PATH_WITHOUT_SLASH) || path.startsWith(SocketPath.PATH);
	}

	/** A trip's event stream, which a browser's {@code EventSource} opens without headers. */
	static boolean isEventStreamPath(String path) {
		return EVENT_STREAM.matcher(path).matches();
	}

	private static final java.util.regex.Pattern EVENT_STREAM = java.util.regex.Pattern.compile("/api/trip/[^/]+/events/?");

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, TokenAuthenticationManager authenticationManager,
			CorsConfigurationSource cors, JsonMapper mapper) {
		AuthenticationWebFilter tokens = new AuthenticationWebFilter(authenticationManager);
		tokens.setServerAuthenticationConverter(new TokenExtractor());
		tokens.setRequiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**", SocketPath.PATH_WITHOUT_SLASH, SocketPath.PATH + "**"));
		tokens.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		tokens.setAuthenticationFailureHandler((filterExchange, ex) -> refuse(filterExchange.getExchange(), mapper,
				Map.of("detail", "Given token not valid for any token type", "code", "token_not_valid"),
				"The access token is not valid: expired, malformed, of another type, or of an inactive user"));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.disable())
			.cors((spec) -> spec.configurationSource(cors))
			.headers((headers) -> headers.writer(new ContentSecurityPolicies()))
			.addFilterAt(tokens, SecurityWebFiltersOrder.AUTHENTICATION)
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.POST, PUBLIC_POSTS)
				.permitAll()
				.pathMatchers("/api/**", SocketPath.PATH_WITHOUT_SLASH, SocketPath.PATH + "**")
				.authenticated()
				.anyExchange()
				.permitAll())
			.exceptionHandling((handling) -> handling.authenticationEntryPoint((exchange, ex) -> refuse(exchange, mapper,
					Map.of("detail", "Authentication credentials were not provided."),
					"This endpoint needs an access token: Authorization: Bearer <token>")))
			.build();
	}

	/**
	 * 401 with the reference's body on its endpoints, as a problem detail on those v2 adds; a bare
	 * 403 on the WebSocket handshake.
	 */
	private static Mono<Void> refuse(ServerWebExchange exchange, JsonMapper mapper, Map<String, String> body,
			String problem) {
		ServerHttpResponse response = exchange.getResponse();
		String path = exchange.getRequest().getPath().value();
		if (isSocketPath(path)) {
			response.setStatusCode(HttpStatus.FORBIDDEN);
			return response.setComplete();
		}
		response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"");
		if (Problems.isV2Path(path)) {
			return Problems.write(exchange, mapper, HttpStatus.UNAUTHORIZED, problem);
		}
		response.setStatusCode(HttpStatus.UNAUTHORIZED);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		byte[] json = mapper.writeValueAsString(new LinkedHashMap<>(body)).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
	}

	/**
	 * A path the firewall refuses ({@code ..}, encoded slashes, {@code ;}…) names nothing we serve:
	 * 404, as for any bad path, rather than the firewall's default 400.
	 */
	/**
	 * No tracing spans for the security filter chain, authentication and authorization: nothing
	 * here reads them (the request metrics stay), and on every request they cost about a tenth of
	 * a WebSocket handshake's CPU.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	ServerExchangeRejectedHandler exchangeRejectedHandler() {
		return new HttpStatusExchangeRejectedHandler(HttpStatus.NOT_FOUND);
	}

	@Bean
	TokenAuthenticationManager tokenAuthenticationManager(TokenService tokens, UserRepository users) {
		return new TokenAuthenticationManager(tokens, users);
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
		CorsConfiguration config = new CorsConfiguration();
		config.setAllowedOrigins(List.copyOf(properties.allowedOrigins()));
		config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
		config.setAllowedHeaders(List.of("*"));
		config.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", config);
		return source;
	}

}
