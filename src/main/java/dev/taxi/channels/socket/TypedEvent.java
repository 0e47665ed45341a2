package dev.taxi.channels.socket;

/**
 * An event that protocol v2 shows as {@code {"type": type(), "data": data()}}: the features'
 * events implement it, so the v2 renderer needs to know none of them.
 */
public interface TypedEvent {

	String type();

	Object data();

}
