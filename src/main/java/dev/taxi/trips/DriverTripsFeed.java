package dev.taxi.trips;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.taxi.auth.User;
import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells every instance whose drivers' trips on their way changed, so that what an instance keeps
 * of them (see {@link DriverTripsListener}) is never older than the change, wherever it was made.
 * It travels through the channel layer, as a group every instance follows, with a frame for no
 * protocol version: no client ever sees it. After a gap in what this instance heard, every driver's
 * trips may have changed unheard, and the listeners are told so.
 */
@Component
class DriverTripsFeed implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(DriverTripsFeed.class);

	static final String GROUP = "driver-trips";

	/** The frame's key: not a protocol version, so connections in the group would show nothing. */
	private static final String FRAME = "driver-trips";

	private final ChannelLayer layer;

	/** Looked up on first use: listeners may need the {@link TripService} that needs this. */
	private final ObjectProvider<DriverTripsListener> listenerBeans;

	private volatile @Nullable List<DriverTripsListener> listeners;

	private volatile @Nullable Disposable registration;

	private volatile @Nullable Disposable gaps;

	DriverTripsFeed(ChannelLayer layer, ObjectProvider<DriverTripsListener> listeners) {
		this.layer = layer;
		this.listenerBeans = listeners;
	}

	/** Publishes the drivers a change concerns, if it changed which trips they have on their way. */
	Mono<Void> publish(TripChange change) {
		Set<Long> drivers = new TreeSet<>();
		if (change.before().status().isUnderway() != change.after().status().isUnderway()
				|| !sameDriver(change.before().driver(), change.after().driver())) {
			addDriver(drivers, change.before().driver());
			addDriver(drivers, change.after().driver());
		}
		if (drivers.isEmpty()) {
			return Mono.empty();
		}
		String frame = String.join(",", drivers.stream().map(String::valueOf).toList());
		return this.layer.groupSend(GROUP, ChannelMessage.of(Map.of(FRAME, frame)));
	}

	private static boolean sameDriver(@Nullable User one, @Nullable User other) {
		return (one == null) ? other == null : other != null && one.id() == other.id();
	}

	private static void addDriver(Set<Long> drivers, @Nullable User driver) {
		if (driver != null) {
			drivers.add(driver.id());
		}
	}

	private void received(ChannelMessage message) {
		byte[] frame = message.frame(FRAME);
		if (frame == null) {
			return;
		}
		for (String id : new String(frame, java.nio.charset.StandardCharsets.UTF_8).split(",")) {
			long driverId = Long.parseLong(id);
			listeners().forEach((listener) -> listener.driverTripsChanged(driverId));
		}
	}

	private List<DriverTripsListener> listeners() {
		List<DriverTripsListener> listeners = this.listeners;
		if (listeners == null) {
			listeners = this.listenerBeans.orderedStream().toList();
			this.listeners = listeners;
		}
		return listeners;
	}

	@Override
	public void start() {
		String channel = this.layer.newChannel();
		Disposable attached = this.layer.attach(channel, this::received);
		this.registration = attached;
		this.gaps = this.layer.gaps()
			.subscribe((gap) -> listeners().forEach(DriverTripsListener::anyDriverTripsMayHaveChanged));
		// Joined in the background: with the Redis layer it waits for Redis, which may be away.
		this.layer.groupAdd(GROUP, channel)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)))
			.subscribe(null, (ex) -> logger.error("Could not follow the changes of drivers' trips", ex));
	}

	@Override
	public void stop() {
		Disposable gaps = this.gaps;
		if (gaps != null) {
			gaps.dispose();
			this.gaps = null;
		}
		Disposable registration = this.registration;
		if (registration != null) {
			registration.dispose();
			this.registration = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.registration != null;
	}

}
