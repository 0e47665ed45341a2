package dev.taxi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.taxi.channels.socket.Connection;
import dev.taxi.channels.socket.ConnectionListener;
import dev.taxi.channels.socket.InboundMessage;
import dev.taxi.channels.socket.On;
import dev.taxi.channels.socket.Refusal;
import dev.taxi.channels.socket.RefusalCode;
import dev.taxi.channels.socket.TypedProtocol;
import jakarta.validation.constraints.NotBlank;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * A connection lasts as long as its authority. v2: until its access token expires (4401), unless
 * the client sends a fresh token of the same user ({@code auth}) before; each v2 connection holds
 * one timer for that on Reactor's shared scheduler, replaced by {@code auth} and gone with the
 * connection. v1 clients cannot send a token, so their connections outlive it. Either version:
 * not past its user's deactivation (4403, through the {@link DeactivationWatch}).
 */
final class SocketAuthority implements ConnectionListener {

	static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4401, "Access token expired");

	private final TokenService tokens;

	private final UserRepository users;

	private final DeactivationWatch deactivations;

	private final Clock clock;

	SocketAuthority(TokenService tokens, UserRepository users, DeactivationWatch deactivations, Clock clock,
			JsonMapper mapper) {
		this.tokens = tokens;
		this.users = users;
		this.deactivations = deactivations;
		this.clock = clock;
		// Jackson builds serializers under a lock on first use: build this one now, not on an event loop.
		mapper.writeValueAsString(new Authenticated(Instant.EPOCH));
	}

	@Override
	public Mono<Void> onConnect(Connection connection) {
		return Mono.fromRunnable(() -> {
			UserAuthentication authentication = UserAuthentication.of(connection.principal());
			this.deactivations.watch(authentication.getPrincipal().id(), connection);
			if (endsWithToken(connection)) {
				expireAt(connection, authentication.tokenExpiresAt());
			}
		});
	}

	@Override
	public Mono<Void> onDisconnect(Connection connection) {
		return Mono.fromRunnable(() -> this.deactivations.forget(userId(connection), connection));
	}

	@On("auth")
	Mono<Void> auth(Connection connection, InboundMessage message, Auth data) {
		if (!endsWithToken(connection)) {
			throw new Refusal(RefusalCode.UNKNOWN_TYPE, "Unknown message type: " + message.type());
		}
		TokenService.VerifiedToken token;
		try {
			token = this.tokens.verify(data.token(), TokenType.ACCESS);
		}
		catch (InvalidTokenException ex) {
			throw new Refusal(RefusalCode.BAD_REQUEST,
					"Not a valid access token (" + ex.getMessage() + "); the connection keeps its expiry");
		}
		if (token.userId() != userId(connection)) {
			throw new Refusal(RefusalCode.FORBIDDEN, "The token is another user's; the connection keeps its expiry");
		}
		return this.users.findById(token.userId())
			.filter(User::active)
			.doOnNext((user) -> {
				expireAt(connection, token.expiresAt());
				connection.reply(new Authenticated(token.expiresAt()), message.id());
			})
			.switchIfEmpty(Mono.fromRunnable(() -> connection.close(DeactivationWatch.DEACTIVATED)))
			.then();
	}

	/** Only v2 clients can send a fresh token; only their connections end with the token. */
	private static boolean endsWithToken(Connection connection) {
		return TypedProtocol.NAME.equals(connection.protocol());
	}

	private void expireAt(Connection connection, Instant expiry) {
		Duration left = Duration.between(this.clock.instant(), expiry);
		connection.closeAfter(left.isNegative() ? Duration.ZERO : left, TOKEN_EXPIRED);
	}

	private static long userId(Connection connection) {
		return UserAuthentication.userOf(connection.principal()).id();
	}

	/** {@code auth} data: a fresh access token. */
	record Auth(@NotBlank String token) {
	}

}
