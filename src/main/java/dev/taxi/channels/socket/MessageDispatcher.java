package dev.taxi.channels.socket;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Turns one client frame into a call of its {@link On} handler: parse the envelope, find the
 * handler, bind and validate {@code data}, invoke. Every way a message can be wrong ends as a
 * {@link Refusal} answered on the sender's connection; none of them closes it.
 */
final class MessageDispatcher implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(MessageDispatcher.class);

	private static final int MAX_ID_LENGTH = 64;

	/** Counts handlers that failed unexpectedly: a bug, never a client's fault. */
	static final String HANDLER_FAILURES = "taxi.ws.handler.failures";

	private final MessageHandlers handlers;

	private final ObjectMapper mapper;

	private final Validator validator;

	private final MeterRegistry meters;

	private final List<FailureRefusals> failureRefusals;

	/** A reader per payload type, made before the first message: Jackson builds deserializers under a lock. */
	private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

	/** A counter per message type, looked up once: a registry lookup costs more than the increment. */
	private final Map<String, Counter> messagesIn = new ConcurrentHashMap<>();

	private final OnePassReader onePass;

	MessageDispatcher(MessageHandlers handlers, ObjectMapper mapper, Validator validator, MeterRegistry meters,
			List<FailureRefusals> failureRefusals) {
		this.handlers = handlers;
		this.failureRefusals = List.copyOf(failureRefusals);
		this.mapper = mapper.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.validator = validator;
		this.meters = meters;
		this.onePass = new OnePassReader(this.mapper, handlers, this::reader, MAX_ID_LENGTH);
		warmUp(validator);
		// Jackson builds the tree deserializer under a lock on first use: build it now, not on an event loop.
		this.mapper.readTree("{\"type\": \"warm-up\", \"data\": {}}");
	}

	/**
	 * Bean Validation loads its message bundles from the class path the first time a constraint
	 * fails. Let that happen now, at start-up, rather than as blocking I/O on an event loop.
	 */
	private static void warmUp(Validator validator) {
		validator.validate(new WarmUp(null, "", "too long"));
	}

	private record WarmUp(@NotNull @Nullable Object required, @NotBlank String text, @Size(max = 1) String sized) {
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.handlers.payloadTypes().forEach(this::reader);
	}

	private ObjectReader reader(Class<?> payloadType) {
		// Bound from inside a message, whose remaining keys follow the payload.
		return this.readers.computeIfAbsent(payloadType,
				(type) -> this.mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
	}

	/**
	 * Handles one text frame; completes when the handler is done or the message is refused. The
	 * handler is called on subscription, not before: a frame may wait for room for its replies.
	 */
	public Mono<Void> dispatch(Connection connection, String text) {
		OnePassReader.Read read = this.onePass.read(text);
		if (read != null) {
			InboundMessage message = InboundMessage.unread(read.type(), read.id(), text, this::envelopeOf);
			return Mono.defer(() -> run(connection, read.handler(), message, () -> validated(read.payload())));
		}
		InboundMessage message;
		try {
			message = parse(text);
		}
		catch (InvalidEnvelope invalid) {
			return refuse(connection, invalid.refusal, invalid.ref, "invalid");
		}
		MessageHandlers.Handler handler = this.handlers.find(message.type());
		if (handler == null) {
			return refuse(connection, new Refusal(RefusalCode.UNKNOWN_TYPE, "Unknown message type: " + message.type()),
					message.id(), "unknown");
		}
		return Mono.defer(() -> run(connection, handler, message, () -> bind(handler, message)));
	}

	private Mono<Void> run(Connection connection, MessageHandlers.Handler handler, InboundMessage message,
			Supplier<@Nullable Object> payload) {
		this.messagesIn.computeIfAbsent(message.type(), (type) -> this.meters.counter("taxi.ws.messages.in", "type", type))
			.increment();
		Mono<?> handled;
		try {
			handled = handler.invoke(connection, message, payload.get());
		}
		catch (RuntimeException ex) {
			return failed(connection, message, ex);
		}
		return handled.then().onErrorResume((ex) -> failed(connection, message, ex));
	}

	private Mono<Void> failed(Connection connection, InboundMessage message, Throwable failure) {
		Refusal refusal = (failure instanceof Refusal refused) ? refused : refusalFor(failure);
		if (refusal != null) {
			return refuse(connection, refusal, message.id(), message.type());
		}
		logger.error("Handler of '{}' failed", message.type(), failure);
		this.meters.counter(HANDLER_FAILURES).increment();
		return refuse(connection, new Refusal(RefusalCode.BAD_REQUEST, "The server could not handle this message"),
				message.id(), message.type());
	}

	private ObjectNode envelopeOf(String text) {
		return (ObjectNode) this.mapper.readTree(text);
	}

	private @Nullable Refusal refusalFor(Throwable failure) {
		for (FailureRefusals refusals : this.failureRefusals) {
			Refusal refusal = refusals.refusalFor(failure);
			if (refusal != null) {
				return refusal;
			}
		}
		return null;
	}

	/** Answers a frame that is not a text frame. */
	public Mono<Void> refuseBinary(Connection connection) {
		return refuse(connection, new Refusal(RefusalCode.BAD_REQUEST, "Messages must be JSON text frames"), null,
				"invalid");
	}

	private Mono<Void> refuse(Connection connection, Refusal refusal, @Nullable String ref, String type) {
		logger.info("Refused '{}' on {}: {} {}", type, connection.channel(), refusal.code().wireName(),
				refusal.getMessage());
		this.meters.counter("taxi.ws.refusals", "code", refusal.code().wireName()).increment();
		connection.refuse(refusal, ref);
		return Mono.empty();
	}

	private InboundMessage parse(String text) {
		JsonNode tree;
		try {
			tree = this.mapper.readTree(text);
		}
		catch (JacksonException ex) {
			throw new InvalidEnvelope("Message is not valid JSON", null);
		}
		if (!(tree instanceof ObjectNode envelope)) {
			throw new InvalidEnvelope("Message must be a JSON object", null);
		}
		JsonNode id = envelope.get("id");
		if (id != null && !id.isNull() && (!id.isString() || id.asString().codePointCount(0, id.asString().length()) > MAX_ID_LENGTH)) {
			throw new InvalidEnvelope("'id' must be a string of at most " + MAX_ID_LENGTH + " characters", null);
		}
		String ref = (id != null && id.isString()) ? id.asString() : null;
		JsonNode type = envelope.get("type");
		if (type == null || !type.isString() || type.asString().isBlank()) {
			throw new InvalidEnvelope("Message needs a string 'type'", ref);
		}
		return InboundMessage.of(type.asString(), ref, envelope);
	}

	/** An envelope that names no handler; {@code ref} is its id, if it had a valid one. */
	private static final class InvalidEnvelope extends RuntimeException {

		private final Refusal refusal;

		private final @Nullable String ref;

		InvalidEnvelope(String message, @Nullable String ref) {
			super(message, null, false, false);
			this.refusal = new Refusal(RefusalCode.BAD_REQUEST, message);
			this.ref = ref;
		}

	}

	private @Nullable Object bind(MessageHandlers.Handler handler, InboundMessage message) {
		Class<?> payloadType = handler.payloadType();
		if (payloadType == null) {
			return null;
		}
		JsonNode data = message.data();
		if (data.isNull() || data.isMissingNode()) {
			data = this.mapper.createObjectNode();
		}
		if (!data.isObject()) {
			throw new Refusal(RefusalCode.BAD_REQUEST, "'data' must be a JSON object");
		}
		Object payload;
		try {
			payload = reader(payloadType).readValue(data);
		}
		catch (JacksonException ex) {
			String field = ex.getPath().stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: String.valueOf(reference.getIndex()))
				.collect(Collectors.joining("."));
			throw new Refusal(RefusalCode.BAD_REQUEST, field.isEmpty() ? "Invalid data" : "Invalid value for '" + field + "'");
		}
		return validated(payload);
	}

	private Object validated(Object payload) {
		Set<ConstraintViolation<Object>> violations = this.validator.validate(payload);
		if (!violations.isEmpty()) {
			String problems = violations.stream()
				.sorted(Comparator.comparing((violation) -> violation.getPropertyPath().toString()))
				.map((violation) -> snakeCase(violation.getPropertyPath().toString()) + ": " + violation.getMessage())
				.collect(Collectors.joining("; "));
			throw new Refusal(RefusalCode.BAD_REQUEST, problems);
		}
		return payload;
	}

	private static String snakeCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

}
