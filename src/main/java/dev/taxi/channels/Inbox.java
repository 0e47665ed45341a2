package dev.taxi.channels;

/**
 * Where the channel layer hands a consumer its messages. Called from any thread, possibly
 * concurrently; it must not block and must not throw.
 */
@FunctionalInterface
public interface Inbox {

	void deliver(ChannelMessage message);

}
