package dev.taxi.channels.socket;

/** Where the WebSocket endpoint answers: the one place its path is written. */
public final class SocketPath {

	/** The endpoint, as clients address it. */
	public static final String PATH = "/taxi/";

	/** The same endpoint without its trailing slash, which is answered too. */
	public static final String PATH_WITHOUT_SLASH = "/taxi";

	private SocketPath() {
	}

}
