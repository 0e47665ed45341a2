package dev.taxi.channels.redis;

import dev.taxi.channels.socket.SocketPath;
import dev.taxi.web.Problems;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses WebSocket handshakes with 503 while this instance does not hear the others (Redis is
 * away, or not reached yet since start-up): a client connected here would hear only what happens
 * on this instance. REST goes on; readiness says the same, so that a load balancer sends new
 * clients elsewhere meanwhile.
 */
final class RedisHandshakeGate implements WebFilter, Ordered {

	private static final String RETRY_AFTER_SECONDS = "1";

	private final RedisLink link;

	private final JsonMapper mapper;

	RedisHandshakeGate(RedisLink link, JsonMapper mapper) {
		this.link = link;
		this.mapper = mapper;
	}

	@Override
	public int getOrder() {
		// After security (its headers, its refusals of unauthenticated handshakes), before the upgrade.
		return 0;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		if (this.link.isReachable() || !(path.equals(SocketPath.PATH) || path.equals(SocketPath.PATH_WITHOUT_SLASH))) {
			return chain.filter(exchange);
		}
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return Problems.write(exchange, this.mapper, HttpStatus.SERVICE_UNAVAILABLE,
				"This instance cannot reach the other instances (Redis) at the moment; try again shortly");
	}

}
