package dev.taxi.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.MediaType;

/**
 * A {@code multipart/form-data} body written out as bytes, as a browser sends it. The test's own
 * encoder, because Spring's client writer draws each boundary from {@code SecureRandom} on the
 * event loop, which BlockHound (rightly) reports as a blocking call in the client.
 */
public final class MultipartForm {

	private static final String BOUNDARY = "----TaxiTestFormBoundary7MA4YWxkTrZu0gW";

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	public static MultipartForm of(Map<String, ?> fields) {
		MultipartForm form = new MultipartForm();
		fields.forEach((name, value) -> form.field(name, String.valueOf(value)));
		return form;
	}

	public MultipartForm field(String name, String value) {
		write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
		this.body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
		write("\r\n");
		return this;
	}

	public MultipartForm file(String name, String filename, MediaType type, byte[] content) {
		write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
				+ "\"\r\nContent-Type: " + type + "\r\n\r\n");
		this.body.writeBytes(content);
		write("\r\n");
		return this;
	}

	public MediaType contentType() {
		return new MediaType(MediaType.MULTIPART_FORM_DATA, Map.of("boundary", BOUNDARY));
	}

	public byte[] toByteArray() {
		ByteArrayOutputStream complete = new ByteArrayOutputStream();
		complete.writeBytes(this.body.toByteArray());
		complete.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		return complete.toByteArray();
	}

	private void write(String text) {
		this.body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
