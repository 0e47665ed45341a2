package dev.taxi.test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;

import javax.imageio.ImageIO;

/** Small, real images of every accepted format, made on the spot. */
public final class TestImages {

	/** A 1×1 lossless WebP (the JDK writes no WebP). */
	private static final byte[] WEBP = HexFormat.of()
		.parseHex("524946461a000000574542505650384c0d0000002f0000001007101111888888fe0700");

	private TestImages() {
	}

	public static byte[] png() {
		return write("png");
	}

	public static byte[] jpeg() {
		return write("jpg");
	}

	public static byte[] gif() {
		return write("gif");
	}

	public static byte[] webp() {
		return WEBP.clone();
	}

	/** A PNG signature followed by filler up to {@code size} bytes: what an oversized upload starts like. */
	public static byte[] pngOfSize(int size) {
		byte[] png = png();
		byte[] content = new byte[size];
		System.arraycopy(png, 0, content, 0, Math.min(png.length, size));
		return content;
	}

	private static byte[] write(String format) {
		BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, 0xFFCC00);
		image.setRGB(2, 1, 0x0033FF);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(image, format, out)) {
				throw new IllegalStateException("No ImageIO writer for " + format);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
