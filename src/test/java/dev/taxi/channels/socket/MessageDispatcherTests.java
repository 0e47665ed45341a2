package dev.taxi.channels.socket;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.taxi.channels.ChannelLayer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MessageDispatcherTests {

	private final List<String> greetings = new ArrayList<>();

	private final MessageHandlers handlers = new MessageHandlers();

	private final MessageDispatcher dispatcher;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RefusalsAsText protocol = new RefusalsAsText();

	private final Connection connection;

	MessageDispatcherTests() {
		this.handlers.register(new Greeter(this.greetings));
		JsonMapper mapper = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		this.dispatcher = new MessageDispatcher(this.handlers, mapper,
				Validation.buildDefaultValidatorFactory().getValidator(), this.meters,
				List.of(new ServiceAway()));
		this.dispatcher.afterSingletonsInstantiated();
		Principal user = () -> "alice";
		this.connection = new Connection("test!1", user, this.protocol, ChannelLayer.inMemory(), 16);
	}

	@Test
	void bindsDataToTheHandlersPayloadAndCallsIt() {
		dispatch("{\"type\": \"greet\", \"data\": {\"first_name\": \"Ada\"}, \"id\": \"m1\"}");
		assertThat(this.greetings).containsExactly("Ada from alice (m1)");
		assertThat(frames()).isEmpty();
	}

	/** A frame waits for room for its replies: its handler must not run before that. */
	@Test
	void theHandlerRunsOnlyOnceTheDispatchIsSubscribedTo() {
		for (String frame : List.of("{\"type\": \"greet\", \"id\": \"m1\", \"data\": {\"first_name\": \"Ada\"}}",
				"{\"data\": {\"first_name\": \"Ada\"}, \"type\": \"greet\", \"id\": \"m1\"}")) {
			this.greetings.clear();
			Mono<Void> handled = this.dispatcher.dispatch(this.connection, frame);
			assertThat(this.greetings).as("before subscribing to %s", frame).isEmpty();
			StepVerifier.create(handled).expectComplete().verify(Duration.ofSeconds(5));
			assertThat(this.greetings).containsExactly("Ada from alice (m1)");
		}
	}

	/** Read in one pass (type first) or the full way (anything else): a handler sees no difference. */
	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"type\": \"greet\", \"id\": \"m1\", \"data\": {\"first_name\": \"Ada\"}}",
			"{\"data\": {\"first_name\": \"Ada\"}, \"id\": \"m1\", \"type\": \"greet\"}",
			"{\"type\": \"greet\", \"extra\": [1, {\"a\": 2}], \"data\": {\"first_name\": \"Ada\", \"age\": 3}, \"id\": \"m1\"}",
			"{\"type\": \"greet\", \"id\": \"m1\", \"data\": {\"first_name\": \"Bob\"}, \"data\": {\"first_name\": \"Ada\"}}",
			"{\"type\": \"greet\", \"id\": null, \"id\": \"m1\", \"data\": {\"first_name\": \"Ada\"}}" })
	void bindsAlikeWhateverTheOrderOfKeysOrTheirRepetition(String frame) {
		dispatch(frame);
		assertThat(this.greetings).containsExactly("Ada from alice (m1)");
		assertThat(frames()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"type\": \"greet\", \"data\": {\"first_name\": \"Ada\"} | Message is not valid JSON",
			"{\"type\": \"greet\", \"data\": {\"first_name\": \"Ada\"}} {} | Message is not valid JSON",
			"{\"type\": \"greet\", \"data\": {\"first_name\": [\"Ada\"]}} | Invalid value for 'first_name'",
			"{\"type\": \"greet\", \"data\": {\"first_name\": \" \"}} | first_name: must not be blank" })
	void aMessageBrokenAfterAWellFormedStartIsRefusedForWhatBreaksIt(String frame, String message) {
		dispatch(frame);
		assertThat(this.greetings).isEmpty();
		assertThat(frames()).singleElement().asString().startsWith("bad_request:");
		assertThat(this.protocol.messages).containsExactly(message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"not json | bad_request", "[1] | bad_request", "{} | bad_request", "{\"type\": 1} | bad_request",
			"{\"type\": \"greet\", \"data\": []} | bad_request", "{\"type\": \"greet\"} | bad_request",
			"{\"type\": \"greet\", \"data\": {\"first_name\": \" \"}} | bad_request",
			"{\"type\": \"greet\", \"data\": {\"first_name\": {}}} | bad_request",
			"{\"type\": \"greet\", \"id\": 7, \"data\": {\"first_name\": \"Ada\"}} | bad_request",
			"{\"type\": \"wave\"} | unknown_type" })
	void refusesWhatItCannotHandleAndTellsTheSender(String frame, String code) {
		dispatch(frame);
		assertThat(this.greetings).isEmpty();
		assertThat(frames()).singleElement().asString().startsWith(code + ":");
	}

	@Test
	void anIdLongerThan64CharactersIsRefused() {
		dispatch("{\"type\": \"greet\", \"id\": \"" + "x".repeat(65) + "\", \"data\": {\"first_name\": \"Ada\"}}");
		assertThat(this.greetings).isEmpty();
		assertThat(frames()).singleElement().asString().startsWith("bad_request:");
	}

	@Test
	void aRefusalFromTheHandlerReachesTheSenderWithItsRef() {
		dispatch("{\"type\": \"greet\", \"id\": \"r9\", \"data\": {\"first_name\": \"Nobody\"}}");
		assertThat(frames()).containsExactly("forbidden:r9");
	}

	@Test
	void aFailureThatAFeatureKnowsIsARefusalNotAHandlerFailure() {
		dispatch("{\"type\": \"greet\", \"id\": \"r1\", \"data\": {\"first_name\": \"Away\"}}");
		assertThat(frames()).containsExactly("rate_limited:r1");
		assertThat(this.meters.counter(MessageDispatcher.HANDLER_FAILURES).count()).isZero();
	}

	@Test
	void aFailureNobodyKnowsIsAHandlerFailureAnsweredAsBadRequest() {
		dispatch("{\"type\": \"greet\", \"id\": \"r2\", \"data\": {\"first_name\": \"Bug\"}}");
		assertThat(frames()).containsExactly("bad_request:r2");
		assertThat(this.meters.counter(MessageDispatcher.HANDLER_FAILURES).count()).isOne();
	}

	@Test
	void twoHandlersForOneTypeFailStartUp() {
		assertThatIllegalStateException().isThrownBy(() -> this.handlers.register(new Greeter(new ArrayList<>())))
			.withMessageContaining("'greet' has two handlers");
	}

	@Test
	void aHandlerWithoutTypeOrMonoFailsStartUp() {
		MessageHandlers registry = new MessageHandlers();
		assertThatIllegalStateException().isThrownBy(() -> registry.register(new Nameless()))
			.withMessageContaining("names no message type");
		assertThatIllegalStateException().isThrownBy(() -> registry.register(new NotReactive()))
			.withMessageContaining("must return a Mono");
	}

	private void dispatch(String frame) {
		StepVerifier.create(this.dispatcher.dispatch(this.connection, frame)).expectComplete().verify(Duration.ofSeconds(5));
	}

	private List<String> frames() {
		this.connection.completeOutbound();
		return this.connection.outbound().map((bytes) -> new String(bytes, StandardCharsets.UTF_8)).collectList()
			.block(Duration.ofSeconds(5));
	}

	record Greeting(@NotBlank String firstName) {
	}

	static final class Greeter {

		private final List<String> greetings;

		Greeter(List<String> greetings) {
			this.greetings = greetings;
		}

		@On("greet")
		Mono<Void> greet(Connection connection, InboundMessage message, Greeting greeting) {
			if (greeting.firstName().equals("Nobody")) {
				return Mono.error(new Refusal(RefusalCode.FORBIDDEN, "Nobody may not be greeted"));
			}
			if (greeting.firstName().equals("Away")) {
				return Mono.error(new ServiceAwayException());
			}
			if (greeting.firstName().equals("Bug")) {
				return Mono.error(new IllegalStateException("a bug"));
			}
			this.greetings.add(greeting.firstName() + " from " + connection.principal().getName() + " (" + message.id() + ")");
			return Mono.empty();
		}

	}

	static final class ServiceAwayException extends RuntimeException {

	}

	/** Knows that a service away is nobody's bug. */
	static final class ServiceAway implements FailureRefusals {

		@Override
		public @Nullable Refusal refusalFor(Throwable failure) {
			return (failure instanceof ServiceAwayException) ? new Refusal(RefusalCode.UNAVAILABLE, "away") : null;
		}

	}

	static final class Nameless {

		@On("")
		Mono<Void> handle() {
			return Mono.empty();
		}

	}

	static final class NotReactive {

		@On("sync")
		void handle() {
		}

	}

	/** Shows refusals as {@code code:ref}, so tests can read what the sender was told, and keeps their messages. */
	static final class RefusalsAsText implements WireProtocol {

		final List<String> messages = new ArrayList<>();

		@Override
		public String name() {
			return "test";
		}

		@Override
		public @Nullable String subprotocol() {
			return null;
		}

		@Override
		public byte @Nullable [] render(Object event) {
			return String.valueOf(event).getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public byte @Nullable [] renderReply(Object event, @Nullable String ref) {
			return render(event);
		}

		@Override
		public byte[] renderRefusal(Refusal refusal, @Nullable String ref) {
			this.messages.add(refusal.getMessage());
			return (refusal.code().wireName() + ":" + ((ref != null) ? ref : "")).getBytes(StandardCharsets.UTF_8);
		}

	}

}
