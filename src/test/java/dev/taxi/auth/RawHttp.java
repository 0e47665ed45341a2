package dev.taxi.auth;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.taxi.channels.socket.Connection;

/**
 * Sends a request exactly as written, byte for byte, over a plain socket: no client normalises
 * its path or adds headers (an HTTP client would resolve {@code ..}, a WebSocket client would add
 * an {@code Origin}). Reads the answer's head, and the body until the server closes.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends {@code requestLine} and {@code headers} (each "Name: value"), no body; with
	 * {@code Connection: close} unless the headers name a {@code Connection} of their own.
	 */
	static Response send(int port, String requestLine, String... headers) {
		StringBuilder request = new StringBuilder(requestLine).append("\r\n");
		request.append("Host: localhost:").append(port).append("\r\n");
		boolean connection = false;
		for (String header : headers) {
			request.append(header).append("\r\n");
			connection |= header.regionMatches(true, 0, "Connection:", 0, 11);
		}
		request.append(connection ? "" : "Connection: close\r\n").append("\r\n");
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return Response.read(new BufferedInputStream(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @param head the status line and headers */
	record Response(int status, String head, String body) {

		static Response read(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int last4 = 0;
			int b;
			while (last4 != 0x0D0A0D0A && (b = in.read()) >= 0) {
				head.write(b);
				last4 = (last4 << 8) | b;
			}
			String text = head.toString(StandardCharsets.ISO_8859_1).strip();
			int status = Integer.parseInt(text.split(" ", 3)[1]);
			return new Response(status, text, new String(body(in, status, text), StandardCharsets.UTF_8));
		}

		private static byte[] body(InputStream in, int status, String head) throws IOException {
			if (status == 101) {
				// An upgraded connection stays open: there is no body to wait for.
				return new byte[0];
			}
			for (String line : head.split("\r\n")) {
				if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
					// The connection may be kept alive: read what was announced, no more.
					return in.readNBytes(Integer.parseInt(line.substring(15).trim()));
				}
			}
			return in.readAllBytes();
		}

	}

}
