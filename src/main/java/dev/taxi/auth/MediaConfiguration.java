package dev.taxi.auth;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Serves uploaded photos at {@code /media/photos/…}; a missing one is a plain 404. */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration implements WebFluxConfigurer {

	private final PhotoStorage storage;

	MediaConfiguration(PhotoStorage storage) {
		this.storage = storage;
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(PhotoLink.MEDIA_PATH + PhotoStorage.FOLDER + "/**")
			.addResourceLocations(this.storage.directory().toUri().toString())
			.setCacheControl(CacheControl.maxAge(Duration.ofDays(1)));
	}

}
