package dev.taxi.web;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers {@link V1Exception}s with their reference-shaped bodies. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class V1ExceptionHandler {

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> handle(V1Exception ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
		if (ex.status() == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"");
		}
		return response.body(ex.body());
	}

}
