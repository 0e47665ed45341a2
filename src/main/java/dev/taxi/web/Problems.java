package dev.taxi.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * RFC 9457 problem details, which the endpoints Taxi adds beyond the reference answer their
 * errors with ({@code application/problem+json}: {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance}); the reference's own endpoints keep its bodies (see
 * {@link V1Exception}).
 */
public final class Problems {

	/** The endpoints v2 adds: a trip's cancel, messages and events, who am I, log-out. */
	private static final Pattern V2_PATHS = Pattern
		.compile("/api/(trip/[^/]+/(cancel|messages|events)|me|log_out)/?");

	private Problems() {
	}

	/** Whether a path is one of the endpoints whose errors are problem details. */
	public static boolean isV2Path(String path) {
		return V2_PATHS.matcher(path).matches();
	}

	/** RFC 9457's type of a problem that its status says all about; written out, as clients look for it. */
	private static final URI BLANK = URI.create("about:blank");

	/** An error that WebFlux answers as a problem detail. */
	public static ErrorResponseException of(HttpStatus status, String detail) {
		return new ErrorResponseException(status, problem(status, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(BLANK);
		problem.setTitle(status.getReasonPhrase());
		return problem;
	}

	/**
	 * A problem detail as a response entity that names its own content type, for an endpoint that
	 * otherwise produces another (an event stream's client accepts only {@code text/event-stream}).
	 */
	public static ResponseEntity<ProblemDetail> entity(HttpStatus status, String detail, String path) {
		ProblemDetail problem = problem(status, detail);
		problem.setInstance(URI.create(path));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** Writes a problem detail where no handler runs (the security filters). */
	public static Mono<Void> write(ServerWebExchange exchange, JsonMapper mapper, HttpStatus status, String detail) {
		ProblemDetail problem = problem(status, detail);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] json = mapper.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
	}

}
