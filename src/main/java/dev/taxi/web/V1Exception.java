package dev.taxi.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An error of a v1 endpoint, answered with the reference server's body shapes because its client
 * reads them: field errors as an object of lists, everything else as {@code {"detail": ...}}.
 */
public final class V1Exception extends RuntimeException {

	private final HttpStatus status;

	private final Map<String, Object> body;

	private V1Exception(HttpStatus status, Map<String, Object> body) {
		super(String.valueOf(body), null, false, false);
		this.status = status;
		this.body = body;
	}

	/** 400 with one list of messages per field; {@code non_field_errors} for the form as a whole. */
	public static V1Exception fieldErrors(Map<String, List<String>> errors) {
		return new V1Exception(HttpStatus.BAD_REQUEST, new LinkedHashMap<>(errors));
	}

	public static V1Exception badRequest(String detail) {
		return new V1Exception(HttpStatus.BAD_REQUEST, Map.of("detail", detail));
	}

	public static V1Exception unauthorized(String detail) {
		return new V1Exception(HttpStatus.UNAUTHORIZED, Map.of("detail", detail));
	}

	/** 401 for a token that is not valid, with the code the reference client checks for. */
	public static V1Exception invalidToken(String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("detail", detail);
		body.put("code", "token_not_valid");
		return new V1Exception(HttpStatus.UNAUTHORIZED, body);
	}

	public static V1Exception notFound() {
		return new V1Exception(HttpStatus.NOT_FOUND, Map.of("detail", "Not found."));
	}

	public HttpStatus status() {
		return this.status;
	}

	public Map<String, Object> body() {
		return this.body;
	}

}
