package dev.taxi.channels.socket;

import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Performs the WebSocket upgrade on the connection's own event loop. Authenticating the
 * handshake loads the user through R2DBC, so the request resumes on a database thread; upgrading
 * from there swaps the channel's codecs while frames may already be arriving, and a client's
 * first frame, sent right after the handshake, can be lost. Hopping back first closes that race.
 */
final class HandshakeOnEventLoopFilter implements WebFilter, Ordered {

	private final String path;

	HandshakeOnEventLoopFilter(String path) {
		this.path = path;
	}

	@Override
	public int getOrder() {
		// After security, which authenticates the handshake.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String requestPath = exchange.getRequest().getPath().value();
		Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		if (!requestPath.startsWith(this.path) || !(request instanceof reactor.netty.Connection connection)) {
			return chain.filter(exchange);
		}
		EventLoop loop = connection.channel().eventLoop();
		if (loop.inEventLoop()) {
			return chain.filter(exchange);
		}
		return Mono.defer(() -> chain.filter(exchange)).subscribeOn(Schedulers.fromExecutor(loop));
	}

}
