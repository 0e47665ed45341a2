package dev.taxi.web;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Serves the API documentation off the event loop: springdoc scans the class path when it first
 * builds the document, and Swagger UI's files are read from a jar with blocking I/O. Neither is on
 * a request path of the service itself, so they may take a thread made for blocking.
 */
@Component
class DocumentationOffEventLoopFilter implements WebFilter, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		if (path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui") || path.startsWith("/webjars/")) {
			return Mono.defer(() -> chain.filter(exchange)).subscribeOn(Schedulers.boundedElastic());
		}
		return chain.filter(exchange);
	}

}
