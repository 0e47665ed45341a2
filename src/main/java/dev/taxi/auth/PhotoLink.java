package dev.taxi.auth;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * How a stored photo is named in an answer: as a path ({@code /media/photos/x.png}) in tokens and
 * WebSocket messages, as an absolute URL in REST responses, as the reference server does.
 */
@FunctionalInterface
public interface PhotoLink {

	String MEDIA_PATH = "/media/";

	PhotoLink PATH = (photo) -> (photo != null) ? MEDIA_PATH + photo : null;

	@Nullable String link(@Nullable String photo);

	/** Absolute URLs on the server a request was addressed to. */
	static PhotoLink absolute(URI requestUri) {
		return (photo) -> (photo != null)
				? UriComponentsBuilder.fromUri(requestUri).replacePath(MEDIA_PATH + photo).replaceQuery(null).fragment(null)
					.toUriString()
				: null;
	}

}
