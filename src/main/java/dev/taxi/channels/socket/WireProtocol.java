package dev.taxi.channels.socket;

import org.jspecify.annotations.Nullable;

/**
 * One version of the wire protocol: how the events that handlers and groups speak in look on a
 * connection that chose this version. Handlers never build frames themselves, so a new version
 * is a new renderer, not a change to every handler.
 */
public interface WireProtocol {

	/** The name frames are keyed by in a {@link dev.taxi.channels.ChannelMessage}. */
	String name();

	/**
	 * The WebSocket subprotocol a client asks for to get this version, or {@code null} for the
	 * version a connection gets when it asks for none.
	 */
	@Nullable String subprotocol();

	/**
	 * The text frame, in UTF-8, showing an event to a group, or {@code null} if this version does not
	 * show it. Bytes, not a string: a frame is rendered once and goes to the socket as it is.
	 */
	byte @Nullable [] render(Object event);

	/**
	 * The text frame (UTF-8) answering the sender of a message alone, or {@code null} if this version does not show it.
	 * @param ref the client's id of the message answered, if it gave one
	 */
	byte @Nullable [] renderReply(Object event, @Nullable String ref);

	/**
	 * What the sender of a refused message hears, or {@code null} for nothing.
	 * @param ref the client's id of the refused message, if it gave one
	 */
	byte @Nullable [] renderRefusal(Refusal refusal, @Nullable String ref);

}
