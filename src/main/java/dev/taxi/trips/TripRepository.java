package dev.taxi.trips;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taxi.auth.User;
import dev.taxi.auth.UserRows;
import dev.taxi.database.BatchedLookups;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Trips in the {@code trips} table, read with their rider and driver in one query. Every status
 * change is one conditional {@code UPDATE}: the database, not memory, decides who wins a race.
 */
@Repository
class TripRepository {

	private static final int BATCH = 100;

	private static final int READS_IN_FLIGHT = 4;

	private static final String SELECT = "SELECT t.id, t.created, t.updated, t.pick_up_address, t.drop_off_address, "
			+ "t.status, " + UserRows.columns("r", "r_") + ", " + UserRows.columns("d", "d_")
			+ " FROM trips t JOIN users r ON r.id = t.rider_id LEFT JOIN users d ON d.id = t.driver_id ";

	private final DatabaseClient db;

	private final BatchedLookups<Long, UUID> unfinishedIds;

	private final BatchedLookups<Long, Trip> activeRiddenBy;

	TripRepository(DatabaseClient db) {
		this.db = db;
		this.unfinishedIds = new BatchedLookups<>(this::findUnfinishedIds, BATCH, READS_IN_FLIGHT);
		this.activeRiddenBy = new BatchedLookups<>(this::findActiveRiddenBy, BATCH, READS_IN_FLIGHT);
	}

	Mono<Void> insert(UUID id, Instant now, String pickUpAddress, String dropOffAddress, long riderId) {
		return this.db
			.sql("INSERT INTO trips (id, created, updated, pick_up_address, drop_off_address, status, rider_id) "
					+ "VALUES (:id, :now, :now, :pickUp, :dropOff, 'REQUESTED', :rider)")
			.bind("id", id)
			.bind("now", now)
			.bind("pickUp", pickUpAddress)
			.bind("dropOff", dropOffAddress)
			.bind("rider", riderId)
			.then();
	}

	Mono<Trip> findById(UUID id) {
		return this.db.sql(SELECT + "WHERE t.id = :id").bind("id", id).map(TripRepository::read).one();
	}

	Flux<Trip> findByRider(long riderId) {
		return this.db.sql(SELECT + "WHERE t.rider_id = :user ORDER BY t.created DESC")
			.bind("user", riderId)
			.map(TripRepository::read)
			.all();
	}

	/** Open requests and the trips this driver drives. */
	Flux<Trip> findForDriver(long driverId) {
		return this.db.sql(SELECT + "WHERE t.status = 'REQUESTED' OR t.driver_id = :user ORDER BY t.created DESC")
			.bind("user", driverId)
			.map(TripRepository::read)
			.all();
	}

	/** Ids of the trips a user rides or drives that are not over yet. */
	Flux<UUID> findUnfinishedIds(long userId) {
		return this.unfinishedIds.find(userId).flatMapIterable((ids) -> ids);
	}

	/** Every WebSocket handshake rejoins its user's unfinished trips: a burst of them shares its reads. */
	private Flux<Map.Entry<Long, UUID>> findUnfinishedIds(Collection<Long> users) {
		return this.db
			.sql("SELECT id, rider_id, driver_id FROM trips WHERE (rider_id IN (:users) OR driver_id IN (:users)) "
					+ "AND status NOT IN ('COMPLETED', 'CANCELED')")
			.bind("users", users)
			.map((row) -> new UnfinishedTrip(row.get("id", UUID.class), row.get("rider_id", Long.class),
					row.get("driver_id", Long.class)))
			.all()
			.concatMapIterable((trip) -> trip.entriesFor(users));
	}

	private record UnfinishedTrip(UUID id, Long riderId, @Nullable Long driverId) {

		/** The trip once for each of its users among those looked up (a rider may drive, in tests). */
		List<Map.Entry<Long, UUID>> entriesFor(Collection<Long> users) {
			List<Map.Entry<Long, UUID>> entries = new ArrayList<>(2);
			if (users.contains(this.riderId)) {
				entries.add(Map.entry(this.riderId, this.id));
			}
			if (this.driverId != null && !this.driverId.equals(this.riderId) && users.contains(this.driverId)) {
				entries.add(Map.entry(this.driverId, this.id));
			}
			return entries;
		}

	}

	/** Takes a requested trip for a driver; true only for the one driver whose update found it still requested. */
	Mono<Boolean> accept(UUID id, long driverId, Instant now) {
		return this.db
			.sql("UPDATE trips SET status = 'STARTED', driver_id = :driver, updated = :now "
					+ "WHERE id = :id AND status = 'REQUESTED'")
			.bind("driver", driverId)
			.bind("now", now)
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows == 1);
	}

	/** Moves a trip its driver drives from one status to the next; false if it was not in that state. */
	Mono<Boolean> advance(UUID id, long driverId, TripStatus from, TripStatus to, Instant now) {
		return this.db
			.sql("UPDATE trips SET status = :to, updated = :now WHERE id = :id AND status = :from AND driver_id = :driver")
			.bind("to", to.name())
			.bind("now", now)
			.bind("id", id)
			.bind("from", from.name())
			.bind("driver", driverId)
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows == 1);
	}

	/** The trips a driver drives that are on their way: {@code STARTED} or {@code IN_PROGRESS}. */
	Flux<Trip> findActiveDrivenBy(long driverId) {
		return this.db.sql(SELECT + "WHERE t.driver_id = :user AND t.status IN ('STARTED', 'IN_PROGRESS')")
			.bind("user", driverId)
			.map(TripRepository::read)
			.all();
	}

	/** The trips a rider rides that are on their way: {@code STARTED} or {@code IN_PROGRESS}. */
	Flux<Trip> findActiveRiddenBy(long riderId) {
		return this.activeRiddenBy.find(riderId).flatMapIterable((trips) -> trips);
	}

	/** A v2 rider's handshake reads the trips on their way, for the car's last position. */
	private Flux<Map.Entry<Long, Trip>> findActiveRiddenBy(Collection<Long> riders) {
		return this.db.sql(SELECT + "WHERE t.rider_id IN (:users) AND t.status IN ('STARTED', 'IN_PROGRESS')")
			.bind("users", riders)
			.map(TripRepository::read)
			.all()
			.map((trip) -> Map.entry(trip.rider().id(), trip));
	}

	/** Cancels a trip; false if it was no longer in the status the caller saw. */
	Mono<Boolean> cancel(UUID id, TripStatus from, Instant now) {
		return this.db.sql("UPDATE trips SET status = 'CANCELED', updated = :now WHERE id = :id AND status = :from")
			.bind("now", now)
			.bind("id", id)
			.bind("from", from.name())
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows == 1);
	}

	/** Returns a started trip to the open requests; false if it was no longer started by this driver. */
	Mono<Boolean> giveBack(UUID id, long driverId, Instant now) {
		return this.db
			.sql("UPDATE trips SET status = 'REQUESTED', driver_id = NULL, updated = :now "
					+ "WHERE id = :id AND status = 'STARTED' AND driver_id = :driver")
			.bind("now", now)
			.bind("id", id)
			.bind("driver", driverId)
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows == 1);
	}

	/**
	 * Locks these trips until the transaction ends and emits the ids of those that exist. Rows are
	 * locked in id order, so that two transactions locking some of the same trips never wait for
	 * each other in a circle.
	 */
	Flux<UUID> lock(Collection<UUID> ids) {
		return this.db.sql("SELECT id FROM trips WHERE id IN (:ids) ORDER BY id FOR UPDATE")
			.bind("ids", ids)
			.map((row) -> row.get("id", UUID.class))
			.all();
	}

	/** Locks, like {@link #lock}, the requested and the just accepted trips changed since an instant; emits their ids. */
	Flux<UUID> lockRequestedOrStartedSince(Instant since) {
		return this.db
			.sql("SELECT id FROM trips WHERE status IN ('REQUESTED', 'STARTED') AND updated >= :since "
					+ "ORDER BY id FOR UPDATE")
			.bind("since", since)
			.map((row) -> row.get("id", UUID.class))
			.all();
	}

	/** Of these trips, the ids of those that finished (completed or canceled) before an instant. */
	Flux<UUID> findFinishedBefore(Collection<UUID> ids, Instant before) {
		return ids.isEmpty() ? Flux.empty()
				: this.db.sql("SELECT id FROM trips WHERE id IN (:ids) AND status IN ('COMPLETED', 'CANCELED') "
						+ "AND updated < :before")
					.bind("ids", ids)
					.bind("before", before)
					.map((row) -> row.get("id", UUID.class))
					.all();
	}

	/** These trips, in id order. */
	Flux<Trip> findAll(Collection<UUID> ids) {
		return ids.isEmpty() ? Flux.empty()
				: this.db.sql(SELECT + "WHERE t.id IN (:ids) ORDER BY t.id").bind("ids", ids).map(TripRepository::read).all();
	}

	private static Trip read(Readable row) {
		User rider = UserRows.read(row, "r_");
		if (rider == null) {
			throw new IllegalStateException("Trip without rider");
		}
		return new Trip(row.get("id", UUID.class), instant(row, "created"), instant(row, "updated"),
				row.get("pick_up_address", String.class), row.get("drop_off_address", String.class),
				TripStatus.valueOf(row.get("status", String.class)), rider, UserRows.read(row, "d_"));
	}

	private static Instant instant(Readable row, String column) {
		return row.get(column, java.time.OffsetDateTime.class).toInstant();
	}

}
