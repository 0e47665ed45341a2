package dev.taxi.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.springframework.http.MediaType;

/** The image formats accepted as photos, recognised by their content, never by a file name. */
enum ImageType {

	PNG("png", MediaType.IMAGE_PNG), JPEG("jpg", MediaType.IMAGE_JPEG), GIF("gif", MediaType.IMAGE_GIF),
	WEBP("webp", MediaType.parseMediaType("image/webp"));

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private final String extension;

	private final MediaType mediaType;

	ImageType(String extension, MediaType mediaType) {
		this.extension = extension;
		this.mediaType = mediaType;
	}

	/** The extension of a stored photo of this type: it names the type its content was found to be. */
	String extension() {
		return this.extension;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	static Optional<ImageType> of(byte[] content) {
		if (startsWith(content, 0, PNG_SIGNATURE) && content.length > 24) {
			return Optional.of(PNG);
		}
		if (content.length > 4 && (content[0] & 0xFF) == 0xFF && (content[1] & 0xFF) == 0xD8
				&& (content[2] & 0xFF) == 0xFF) {
			return Optional.of(JPEG);
		}
		if ((ascii(content, 0, "GIF87a") || ascii(content, 0, "GIF89a")) && content.length > 13) {
			return Optional.of(GIF);
		}
		if (ascii(content, 0, "RIFF") && ascii(content, 8, "WEBP") && content.length > 16) {
			return Optional.of(WEBP);
		}
		return Optional.empty();
	}

	private static boolean ascii(byte[] content, int offset, String text) {
		return startsWith(content, offset, text.getBytes(StandardCharsets.US_ASCII));
	}

	private static boolean startsWith(byte[] content, int offset, byte[] prefix) {
		return content.length >= offset + prefix.length
				&& Arrays.equals(content, offset, offset + prefix.length, prefix, 0, prefix.length);
	}

}
