package dev.taxi.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;
import org.springframework.util.IdGenerator;

/**
 * Stores photos under {@code <media dir>/photos/} with names of our own choosing, so that nothing
 * a client sends decides a path or a served content type. File I/O runs off the event loop.
 */
@Component
class PhotoStorage {

	static final String FOLDER = "photos";

	private final Path photos;

	private final IdGenerator ids;

	PhotoStorage(MediaProperties properties, IdGenerator ids) throws IOException {
		this.photos = Files.createDirectories(properties.dir().resolve(FOLDER)).toAbsolutePath();
		this.ids = ids;
	}

	Path directory() {
		return this.photos;
	}

	/** Writes a photo and returns its stored name, e.g. {@code photos/3f2a….png}. */
	Mono<String> store(byte[] content, ImageType type) {
		String file = this.ids.generateId() + "." + type.extension();
		return Mono.fromCallable(() -> Files.write(this.photos.resolve(file), content, StandardOpenOption.CREATE_NEW))
			.subscribeOn(Schedulers.boundedElastic())
			.thenReturn(FOLDER + "/" + file);
	}

	/** Removes a photo that ended up belonging to nobody. */
	Mono<Void> delete(String name) {
		Path file = this.photos.resolve(name.substring(FOLDER.length() + 1)).normalize();
		if (!file.startsWith(this.photos)) {
			return Mono.empty();
		}
		return Mono.<Void>fromRunnable(() -> {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

}
