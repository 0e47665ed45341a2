package dev.taxi.test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Server-Sent Events client (Spring's WebClient on Reactor Netty) reading the raw lines of a
 * {@code text/event-stream}: each block of lines up to a blank line becomes an {@link Event} (its
 * fields as sent) or, when it holds only {@code :} lines, a {@link Comment}; both wait in a queue for
 * the test to take, in order, followed by the end of the stream.
 */
public final class EventStream implements AutoCloseable {

	public static final Duration TIMEOUT = SocketClient.TIMEOUT;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	/** One event: its fields in the order sent ({@code data} lines joined by a newline, as the spec does). */
	public record Event(Map<String, String> fields) {

		public @Nullable String type() {
			return this.fields.get("event");
		}

		public @Nullable String data() {
			return this.fields.get("data");
		}

		public JsonNode json() {
			return mapper.readTree(data());
		}

	}

	/** A block of comment lines, their text after the colon. */
	public record Comment(List<String> lines) {
	}

	/** The end of the stream: completed, or failed with this error. */
	record End(@Nullable Throwable error) {
	}

	/** What the response said before its body: status and content type. */
	public record Head(int status, @Nullable MediaType contentType) {
	}

	private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();

	private final Sinks.One<Head> head = Sinks.one();

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private final StringBuilder raw = new StringBuilder();

	private final Map<String, String> fields = new LinkedHashMap<>();

	private final List<String> comments = new ArrayList<>();

	private final Disposable subscription;

	private volatile boolean ended;

	private boolean lastWasCarriageReturn;

	private EventStream(URI uri, @Nullable String bearer) {
		WebClient client = WebClient.create();
		this.subscription = client.get()
			.uri(uri)
			.headers((headers) -> {
				if (bearer != null) {
					headers.setBearerAuth(bearer);
				}
			})
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchangeToFlux((response) -> {
				this.head.tryEmitValue(new Head(response.statusCode().value(), response.headers().contentType().orElse(null)));
				return response.bodyToFlux(DataBuffer.class).map((buffer) -> {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					DataBufferUtils.release(buffer);
					return bytes;
				});
			})
			.subscribe(this::feed, (error) -> end(error), () -> end(null));
	}

	/** Opens {@code path} (with its query) on localhost; with a Bearer token if given. */
	public static EventStream open(int port, String pathAndQuery, @Nullable String bearer) {
		return new EventStream(URI.create("http://localhost:" + port + pathAndQuery), bearer);
	}

	/** Waits for the response's status line and headers. */
	public Head head() {
		Head head = this.head.asMono().block(TIMEOUT);
		assertThat(head).as("response head within %s", TIMEOUT).isNotNull();
		return head;
	}

	/** Checks the stream was answered {@code 200 text/event-stream}. */
	public EventStream expectOpen() {
		Head head = head();
		assertThat(head.status()).as("status of the event stream").isEqualTo(200);
		assertThat(head.contentType()).as("content type of the event stream").isNotNull();
		assertThat(head.contentType().isCompatibleWith(MediaType.TEXT_EVENT_STREAM))
			.as("content type %s is text/event-stream", head.contentType()).isTrue();
		return this;
	}

	/** The next event, skipping heartbeat comments; fails if the stream ends or nothing comes in time. */
	public Event nextEvent() {
		while (true) {
			Object item = take();
			if (item instanceof Event event) {
				return event;
			}
			if (item instanceof End end) {
				throw new AssertionError("the stream ended (" + end.error() + ") where an event was expected; received:\n"
						+ raw(), end.error());
			}
		}
	}

	/**
	 * The next event is of this type, with nothing but {@code event} and {@code data} (no {@code id},
	 * no envelope around the data); its data as JSON.
	 */
	public JsonNode expect(String type) {
		Event event = nextEvent();
		assertThat(event.type()).as("type of %s; the stream so far:%n%s", event, raw()).isEqualTo(type);
		assertThat(event.fields().keySet()).as("fields of %s", event).containsExactly("event", "data");
		JsonNode data = event.json();
		assertThat(data.isObject()).as("data of %s is a JSON object", event).isTrue();
		return data;
	}

	/** The next thing on the stream is a comment (events are not skipped: none may come first). */
	public Comment expectComment() {
		Object item = take();
		assertThat(item).as("a comment").isInstanceOf(Comment.class);
		return (Comment) item;
	}

	/** Nothing but comments until the stream completes normally. */
	public void expectEnd() {
		while (true) {
			Object item = take();
			if (item instanceof End end) {
				assertThat(end.error()).as("the stream completed without an error").isNull();
				return;
			}
			assertThat(item).as("nothing but comments before the end").isInstanceOf(Comment.class);
		}
	}

	public boolean isEnded() {
		return this.ended;
	}

	/** Everything received so far, as text. */
	public String raw() {
		synchronized (this.raw) {
			return this.raw.toString();
		}
	}

	private Object take() {
		try {
			Object item = this.items.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(item).as("something on the stream within %s; received so far:%n%s", TIMEOUT, raw()).isNotNull();
			if (item instanceof End) {
				this.items.add(item);
			}
			return item;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private synchronized void feed(byte[] bytes) {
		synchronized (this.raw) {
			this.raw.append(new String(bytes, StandardCharsets.UTF_8));
		}
		for (byte b : bytes) {
			if (b == '\n') {
				if (!this.lastWasCarriageReturn) {
					endLine();
				}
				this.lastWasCarriageReturn = false;
			}
			else if (b == '\r') {
				endLine();
				this.lastWasCarriageReturn = true;
			}
			else {
				this.lastWasCarriageReturn = false;
				this.line.write(b);
			}
		}
	}

	private void endLine() {
		String text = this.line.toString(StandardCharsets.UTF_8);
		this.line.reset();
		if (text.isEmpty()) {
			dispatch();
		}
		else if (text.startsWith(":")) {
			this.comments.add(text.substring(1));
		}
		else {
			int colon = text.indexOf(':');
			String name = (colon < 0) ? text : text.substring(0, colon);
			String value = (colon < 0) ? "" : text.substring(colon + 1);
			if (value.startsWith(" ")) {
				value = value.substring(1);
			}
			this.fields.merge(name, value, (previous, next) -> previous + "\n" + next);
		}
	}

	private void dispatch() {
		if (!this.fields.isEmpty()) {
			this.items.add(new Event(new LinkedHashMap<>(this.fields)));
		}
		else if (!this.comments.isEmpty()) {
			this.items.add(new Comment(List.copyOf(this.comments)));
		}
		this.fields.clear();
		this.comments.clear();
	}

	private synchronized void end(@Nullable Throwable error) {
		// An event not finished by a blank line when the stream ends is not an event (as EventSource has it).
		this.line.reset();
		this.fields.clear();
		this.comments.clear();
		this.ended = true;
		this.head.tryEmitEmpty();
		this.items.add(new End(error));
	}

	@Override
	public void close() {
		this.subscription.dispose();
	}

}
