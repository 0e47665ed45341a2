package dev.taxi.auth;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;

import dev.taxi.database.BatchedLookups;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Users in the {@code users} table, through R2DBC. */
@Repository
class UserRepository {

	private static final int BATCH = 100;

	private static final int READS_IN_FLIGHT = 4;

	private static final String SELECT = "SELECT " + UserRows.columns("u", "") + " FROM users u ";

	private final DatabaseClient db;

	private final Clock clock;

	/** Every token check reads its user: the checks of a burst of handshakes share their reads. */
	private final BatchedLookups<Long, User> byId;

	UserRepository(DatabaseClient db, Clock clock) {
		this.db = db;
		this.clock = clock;
		this.byId = new BatchedLookups<>(this::findAllById, BATCH, READS_IN_FLIGHT);
	}

	Mono<User> findById(long id) {
		return this.byId.find(id).mapNotNull((found) -> found.isEmpty() ? null : found.get(0));
	}

	private Flux<Map.Entry<Long, User>> findAllById(Collection<Long> ids) {
		return this.db.sql(SELECT + "WHERE u.id IN (:ids)")
			.bind("ids", ids)
			.map((row) -> UserRows.read(row, ""))
			.all()
			.map((user) -> Map.entry(user.id(), user));
	}

	/** Which of these users still exist and are active: one indexed query, whatever the number of ids. */
	Flux<Long> findActive(Long[] ids) {
		return this.db.sql("SELECT id FROM users WHERE id = ANY(:ids) AND active")
			.bind("ids", ids)
			.map((row) -> row.get("id", Long.class))
			.all();
	}

	/** The user and its password hash, for logging in. */
	Mono<Credentials> findCredentials(String username) {
		return this.db.sql("SELECT " + UserRows.columns("u", "") + ", u.password FROM users u WHERE u.username = :username")
			.bind("username", username)
			.map((row) -> new Credentials(UserRows.read(row, ""), row.get("password", String.class)))
			.one();
	}

	Mono<Boolean> existsByUsername(String username) {
		return this.db.sql("SELECT count(*) AS n FROM users WHERE username = :username")
			.bind("username", username)
			.map((row) -> row.get("n", Long.class) > 0)
			.one();
	}

	/** Inserts a user; fails with a {@code DataIntegrityViolationException} if the username is taken. */
	Mono<User> insert(NewUser user) {
		DatabaseClient.GenericExecuteSpec insert = this.db
			.sql("INSERT INTO users (username, password, first_name, last_name, role, photo, active, date_joined) "
					+ "VALUES (:username, :password, :firstName, :lastName, :role, :photo, TRUE, :joined)")
			.bind("username", user.username())
			.bind("password", user.passwordHash())
			.bind("firstName", user.firstName())
			.bind("lastName", user.lastName())
			.bind("role", user.role().groupName());
		// Bind in the order of the statement: the embedded database's driver expects it.
		insert = (user.photo() != null) ? insert.bind("photo", user.photo()) : insert.bindNull("photo", String.class);
		return insert.bind("joined", this.clock.instant().truncatedTo(ChronoUnit.MICROS))
			.filter((statement) -> statement.returnGeneratedValues("id"))
			.map((row) -> row.get("id", Long.class))
			.one()
			.flatMap(this::findById);
	}

	record Credentials(@Nullable User user, @Nullable String passwordHash) {
	}

	record NewUser(String username, String passwordHash, String firstName, String lastName, Role role,
			@Nullable String photo) {
	}

}
