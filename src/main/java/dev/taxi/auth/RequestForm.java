package dev.taxi.auth;

import java.util.HashMap;
import java.util.Map;

import dev.taxi.web.V1Exception;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.web.server.ServerWebExchange;

/**
 * The fields of a form posted as JSON, as {@code application/x-www-form-urlencoded} or as
 * {@code multipart/form-data} (with files), as the reference's endpoints accept all three.
 */
record RequestForm(Map<String, String> fields, Map<String, FilePart> files) {

	private static final int MAX_JSON_BYTES = 64 * 1024;

	@Nullable String field(String name) {
		return this.fields.get(name);
	}

	@Nullable FilePart file(String name) {
		return this.files.get(name);
	}

	static Mono<RequestForm> read(ServerWebExchange exchange, JsonMapper mapper) {
		MediaType type;
		try {
			type = exchange.getRequest().getHeaders().getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			return Mono.error(V1Exception.badRequest("The Content-Type header is not a media type: " + ex.getMessage()));
		}
		if (type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
			return exchange.getMultipartData().map((parts) -> {
				Map<String, String> fields = new HashMap<>();
				Map<String, FilePart> files = new HashMap<>();
				parts.forEach((name, values) -> values.forEach((part) -> {
					if (part instanceof FilePart file) {
						files.putIfAbsent(name, file);
					}
					else if (part instanceof FormFieldPart field) {
						fields.putIfAbsent(name, field.value());
					}
				}));
				return new RequestForm(fields, files);
			})
				.onErrorMap(RequestForm::isMalformedMultipart,
						(ex) -> V1Exception.badRequest("The multipart body is malformed."));
		}
		if (type != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
			return exchange.getFormData()
				.map((form) -> new RequestForm(form.toSingleValueMap(), Map.<String, FilePart>of()))
				.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge());
		}
		return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_JSON_BYTES)
			.map((buffer) -> {
				try {
					return fromJson(mapper.readTree(buffer.asInputStream(true)));
				}
				catch (JacksonException ex) {
					throw V1Exception.badRequest("JSON parse error: the body is not valid JSON.");
				}
			})
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge())
			.defaultIfEmpty(new RequestForm(Map.of(), Map.of()));
	}

	/**
	 * No boundary, too many parts, a broken part, a part without a name (Spring's reader fails with
	 * {@code IllegalStateException} when it files a part under its name), a Content-Disposition
	 * that does not parse ({@code IllegalArgumentException}): the client's mistake, not ours. A
	 * part over its size limit fails with {@link DataBufferLimitException} (an
	 * {@code IllegalStateException} too), left to the endpoint to name.
	 */
	private static boolean isMalformedMultipart(Throwable ex) {
		return !(ex instanceof DataBufferLimitException) && (ex instanceof DecodingException
				|| ex instanceof IllegalStateException || ex instanceof IllegalArgumentException);
	}

	static V1Exception tooLarge() {
		return V1Exception.badRequest("The body is too large.");
	}

	private static RequestForm fromJson(JsonNode json) {
		if (!json.isObject()) {
			throw V1Exception.badRequest("The body must be a JSON object.");
		}
		Map<String, String> fields = new HashMap<>();
		json.properties().forEach((entry) -> {
			JsonNode value = entry.getValue();
			if (!value.isNull()) {
				fields.put(entry.getKey(), value.isValueNode() ? value.asString() : value.toString());
			}
		});
		return new RequestForm(fields, Map.of());
	}

}
