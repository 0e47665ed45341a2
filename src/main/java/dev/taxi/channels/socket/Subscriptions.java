package dev.taxi.channels.socket;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.validation.constraints.NotBlank;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One endpoint to follow any object: {@code subscribe} / {@code unsubscribe}
 * {@code {"model", "id"}}, answered {@code subscribed} / {@code unsubscribed} with the same data.
 * Each model is a {@link Subscribable} bean: its name, its visibility check, its group.
 */
final class Subscriptions {

	private final Map<String, Subscribable> models;

	private final List<SubscriptionListener> listeners;

	Subscriptions(List<Subscribable> models, List<SubscriptionListener> listeners) {
		this.models = models.stream().collect(Collectors.toUnmodifiableMap(Subscribable::model, Function.identity()));
		this.listeners = List.copyOf(listeners);
	}

	@On("subscribe")
	Mono<Void> subscribe(Connection connection, InboundMessage message, Target target) {
		return model(target).groupOf(connection, target.id())
			.flatMap(connection::join)
			.then(Mono.fromRunnable(() -> connection.reply(new Subscribed(target), message.id())))
			.thenMany(Flux.fromIterable(this.listeners))
			.concatMap((listener) -> listener.onSubscribed(connection, target.model(), target.id()))
			.then();
	}

	@On("unsubscribe")
	Mono<Void> unsubscribe(Connection connection, InboundMessage message, Target target) {
		return model(target).groupOf(connection, target.id())
			.flatMap(connection::leave)
			.then(Mono.fromRunnable(() -> connection.reply(new Unsubscribed(target), message.id())));
	}

	private Subscribable model(Target target) {
		Subscribable model = this.models.get(target.model());
		if (model == null) {
			throw new Refusal(RefusalCode.BAD_REQUEST, "Unknown model '" + target.model() + "': one can subscribe to "
					+ String.join(", ", this.models.keySet().stream().sorted().toList()));
		}
		return model;
	}

	/** What a client follows: {@code {"model": "trip", "id": "..."}}. */
	record Target(@NotBlank String model, @NotBlank String id) {
	}

	record Subscribed(Target data) implements TypedEvent {

		@Override
		public String type() {
			return "subscribed";
		}

	}

	record Unsubscribed(Target data) implements TypedEvent {

		@Override
		public String type() {
			return "unsubscribed";
		}

	}

}
