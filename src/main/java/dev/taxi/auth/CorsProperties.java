package dev.taxi.auth;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which browser origins may call the API and open the WebSocket, under {@code taxi.cors}. One
 * list serves both, so a page from elsewhere can use its user's token on neither. Requests without
 * an {@code Origin} header (non-browser clients) are not affected.
 */
@ConfigurationProperties("taxi.cors")
public record CorsProperties(@DefaultValue({ "http://localhost:8080", "http://localhost:3001" }) List<String> allowedOrigins) {
}
