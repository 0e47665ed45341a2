package dev.taxi.auth;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the access token of a request: the {@code Authorization: Bearer} header, or, on the
 * WebSocket handshake and on a trip's event stream only (browsers cannot set headers there), the
 * {@code ?token=} parameter.
 */
final class TokenExtractor implements ServerAuthenticationConverter {

	private static final String BEARER = "Bearer ";

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Mono.just(new BearerToken(header.substring(BEARER.length()).trim()));
		}
		String path = exchange.getRequest().getPath().value();
		if (SecurityConfiguration.isSocketPath(path) || SecurityConfiguration.isEventStreamPath(path)) {
			String token = exchange.getRequest().getQueryParams().getFirst("token");
			if (StringUtils.hasText(token)) {
				return Mono.just(new BearerToken(token));
			}
		}
		return Mono.empty();
	}

}
