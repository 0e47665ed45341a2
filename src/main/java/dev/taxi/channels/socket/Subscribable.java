package dev.taxi.channels.socket;

import reactor.core.publisher.Mono;

/**
 * A kind of object a connection may follow with {@code subscribe} / {@code unsubscribe}
 * {@code {"model", "id"}}: a feature contributes one bean per model, and the dispatcher needs no
 * change for it.
 */
public interface Subscribable {

	/** The {@code model} name clients use. */
	String model();

	/**
	 * The group of the object's events, if the connection's user may see it. Fails with a
	 * {@link Refusal}: {@code bad_request} for an id that cannot name such an object,
	 * {@code not_found} for an object the user may not see or that does not exist.
	 */
	Mono<String> groupOf(Connection connection, String id);

}
