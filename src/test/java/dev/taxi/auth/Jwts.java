package dev.taxi.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads and takes apart compact JWTs the way a client does: base64url, no signature check. */
final class Jwts {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private Jwts() {
	}

	static JsonNode header(String token) {
		return decode(part(token, 0));
	}

	/** The payload, as the reference client decodes it to learn who is logged in. */
	static JsonNode payload(String token) {
		return decode(part(token, 1));
	}

	static String part(String token, int index) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			throw new IllegalArgumentException("Not a compact JWS: " + token);
		}
		return parts[index];
	}

	/** A token with the same header and signature but another payload. */
	static String withPayload(String token, String payloadJson) {
		return part(token, 0) + "." + encode(payloadJson) + "." + part(token, 2);
	}

	static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static JsonNode decode(String part) {
		return mapper.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
	}

}
