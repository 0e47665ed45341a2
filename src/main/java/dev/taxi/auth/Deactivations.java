package dev.taxi.auth;

/**
 * Ends what a user holds open on this instance (a socket, an event stream) once the user is
 * deactivated or deleted, within {@code taxi.auth.deactivation-check}.
 */
public interface Deactivations {

	/**
	 * Watches one thing a user holds open.
	 * @param holder what is watched, to {@link #forget} it by
	 * @param end ends it; run once, from any thread, if the user is found deactivated
	 */
	void watch(long userId, Object holder, Runnable end);

	/** Stops watching what the user closed. */
	void forget(long userId, Object holder);

}
