package dev.taxi.auth;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Uploaded files, under {@code taxi.media}.
 * @param dir where photos are stored (in {@code photos/} below it) and served from at {@code /media/}
 * @param maxPhotoSize the largest photo accepted at sign-up
 */
@ConfigurationProperties("taxi.media")
public record MediaProperties(@DefaultValue("${java.io.tmpdir}/taxi-media") Path dir,
		@DefaultValue("5MB") DataSize maxPhotoSize) {
}
