package dev.taxi.channels.socket;

import reactor.core.publisher.Mono;

/**
 * Told when a connection started following an object, after it was answered {@code subscribed}:
 * the place to send it at once what it would otherwise wait for (the latest state of something).
 */
public interface SubscriptionListener {

	Mono<Void> onSubscribed(Connection connection, String model, String id);

}
