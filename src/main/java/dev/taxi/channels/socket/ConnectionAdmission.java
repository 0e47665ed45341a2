package dev.taxi.channels.socket;

import reactor.core.publisher.Mono;

/**
 * A second say on a new connection once this instance's own per-user limit let it in, e.g. the
 * same limit counted across instances. It is asked after the connection is set up and reading,
 * before its connect hooks, so that the socket's first frames are neither lost nor waiting on the
 * handshake: a connection refused is closed with 1008 before any of its messages is handled.
 */
public interface ConnectionAdmission {

	/** Nothing more than this instance's own limit. */
	ConnectionAdmission NONE = (connection) -> Mono.just(true);

	/** Emits whether the connection may stay. */
	Mono<Boolean> admit(Connection connection);

	/** The connection ended, admitted or not. */
	default Mono<Void> ended(Connection connection) {
		return Mono.empty();
	}

}
