package dev.taxi.auth;

import java.time.Duration;
import java.util.Map;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.reactive.config.ResourceHandlerRegistration;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Serves uploaded photos at {@code /media/photos/…}; a missing one is a plain 404. A photo is stored
 * under a name whose extension says the type its bytes were found to be at sign-up, and served as
 * exactly that type (with {@code X-Content-Type-Options: nosniff}, as everything): never a type
 * guessed from a name, and nothing else in the folder is served.
 */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration implements WebFluxConfigurer {

	private final PhotoStorage storage;

	MediaConfiguration(PhotoStorage storage) {
		this.storage = storage;
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		for (ImageType type : ImageType.values()) {
			ResourceHandlerRegistration photos = registry
				.addResourceHandler(PhotoLink.MEDIA_PATH + PhotoStorage.FOLDER + "/*." + type.extension())
				.addResourceLocations(this.storage.directory().toUri().toString())
				.setCacheControl(CacheControl.maxAge(Duration.ofDays(1)));
			photos.setMediaTypes(Map.of(type.extension(), type.mediaType()));
		}
	}

}
