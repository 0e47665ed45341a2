package dev.taxi.channels.socket;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A message the server will not act on. It is a value, not a failure: the connection stays open,
 * nothing changed, and the sender hears what its protocol version says of refusals.
 */
public final class Refusal extends RuntimeException {

	private final RefusalCode code;

	private final @Nullable Object shown;

	public Refusal(RefusalCode code, String message) {
		this(code, message, null);
	}

	/**
	 * @param shown an event that shows the sender the current state of what it acted on, for
	 * protocol versions that answer refusals that way; {@code null} if there is nothing it may see
	 */
	public Refusal(RefusalCode code, String message, @Nullable Object shown) {
		super(message, null, false, false);
		this.code = Objects.requireNonNull(code, "code");
		this.shown = shown;
	}

	public RefusalCode code() {
		return this.code;
	}

	public @Nullable Object shown() {
		return this.shown;
	}

}
