package dev.taxi.auth;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.security.web.server.header.ContentSecurityPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code Content-Security-Policy} of everything Taxi serves. The browser app runs only the
 * server's own scripts (no inline script or style, no {@code eval}) and opens only its own REST
 * endpoints and its WebSocket; {@code ws:} and {@code wss:} are named because browsers that do not
 * count a WebSocket to the page's own host as {@code 'self'} are still about. Swagger UI, a
 * bundle of its own, draws its icons from {@code data:} URLs and sets inline styles, so its page
 * gets exactly that much more.
 */
final class ContentSecurityPolicies implements ServerHttpHeadersWriter {

	static final String APP = "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; object-src 'none'; "
			+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	static final String SWAGGER_UI = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	/** Where springdoc serves Swagger UI's page ({@code /swagger-ui.html} redirects there) and its files. */
	private static final List<String> SWAGGER_UI_FILES = List.of("/swagger-ui/", "/webjars/swagger-ui/");

	private final ServerHttpHeadersWriter app = writer(APP);

	private final ServerHttpHeadersWriter swaggerUi = writer(SWAGGER_UI);

	@Override
	public Mono<Void> writeHttpHeaders(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		boolean swagger = SWAGGER_UI_FILES.stream().anyMatch(path::startsWith);
		return (swagger ? this.swaggerUi : this.app).writeHttpHeaders(exchange);
	}

	private static ServerHttpHeadersWriter writer(String policy) {
		ContentSecurityPolicyServerHttpHeadersWriter writer = new ContentSecurityPolicyServerHttpHeadersWriter();
		writer.setPolicyDirectives(policy);
		return writer;
	}

}
