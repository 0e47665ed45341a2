package dev.taxi.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.webflux.autoconfigure.ResourceHandlerRegistrationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.WebFilter;

/**
 * Cache headers of the browser app's files under {@code static/}. Boot's
 * {@code spring.web.resources.cache.*} properties give them a short {@code Cache-Control} and
 * {@code Last-Modified}; this adds an {@code ETag} of each file's content, because a jar's entry
 * times need not change with a deploy while the content does. The tags are computed once at
 * start-up, so no request reads a file to make one. {@code /} is served by the same resource
 * handler as {@code /index.html}, so the app's page is revalidated like its scripts (Boot's
 * welcome page would answer without any of these headers).
 */
@Configuration(proxyBeanMethods = false)
class StaticResourcesConfiguration {

	private static final String ROOT = "static/";

	@Bean
	ResourceHandlerRegistrationCustomizer contentEtags(ResourcePatternResolver resolver) {
		Map<String, String> etags = contentHashes(resolver);
		return (registration) -> registration.setEtagGenerator((resource) -> etagOf(resource, etags));
	}

	@Bean
	WebFilter appAtRoot() {
		return (exchange, chain) -> {
			ServerHttpRequest request = exchange.getRequest();
			boolean read = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
			if (read && request.getPath().pathWithinApplication().value().equals("/")) {
				return chain.filter(exchange.mutate().request(request.mutate().path("/index.html").build()).build());
			}
			return chain.filter(exchange);
		};
	}

	private static @Nullable String etagOf(Resource resource, Map<String, String> etags) {
		return (resource instanceof ClassPathResource file) ? etags.get(file.getPath()) : null;
	}

	/** {@code static/app/main.js} → a hash of its bytes, for every file under {@code static/}. */
	private static Map<String, String> contentHashes(ResourcePatternResolver resolver) {
		Map<String, String> hashes = new HashMap<>();
		try {
			Resource root = resolver.getResource(ResourcePatternResolver.CLASSPATH_URL_PREFIX + ROOT);
			if (!root.exists()) {
				return hashes;
			}
			String base = root.getURL().toString();
			for (Resource resource : resolver.getResources(ResourcePatternResolver.CLASSPATH_URL_PREFIX + ROOT + "**")) {
				String url = resource.getURL().toString();
				if (resource.isReadable() && url.startsWith(base) && !url.endsWith("/")) {
					hashes.put(ROOT + url.substring(base.length()), hash(resource));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the static files", ex);
		}
		return Map.copyOf(hashes);
	}

	private static String hash(Resource resource) throws IOException {
		try (InputStream in = resource.getInputStream()) {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
			return HexFormat.of().formatHex(digest, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
