package dev.taxi.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Riders, drivers and their active trips written straight into the database, with access tokens
 * signed with the server's secret: signing thousands of users up over REST hashes thousands of
 * passwords with bcrypt (minutes on two cores), and requesting and accepting thousands of trips
 * over the socket tells every connected driver of each (millions of frames). A server reads these
 * rows as it reads trips that were active before it restarted. The rows are deleted on
 * {@link #close()}.
 */
final class RideFixtures implements AutoCloseable {

	static final String PASSWORD = "pAssw0rd!";

	private static final Duration TOKEN_LIFETIME = Duration.ofHours(6);

	private final Database database;

	private final String prefix;

	private final List<Ride> rides;

	private RideFixtures(Database database, String prefix, List<Ride> rides) {
		this.database = database;
		this.prefix = prefix;
		this.rides = rides;
	}

	/** Where the server's PostgreSQL is, over JDBC. */
	record Database(String url, String user, String password) {

		Connection connect() throws SQLException {
			return DriverManager.getConnection(this.url, this.user, this.password);
		}

	}

	/** One rider and one driver on a trip in {@code STARTED}, with their access tokens. */
	record Ride(int index, UUID tripId, long riderId, long driverId, String riderToken, String driverToken) {
	}

	/** Inserts {@code count} riders, {@code count} drivers and one {@code STARTED} trip for each pair. */
	static RideFixtures create(Database database, String jwtSecret, int count) {
		String prefix = "bench-loc-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
		// One hash for everyone: these accounts can log in, and bcrypt runs once.
		String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD);
		try (Connection connection = database.connect()) {
			long[] riders = insertUsers(connection, prefix, "rider", hash, count);
			long[] drivers = insertUsers(connection, prefix, "driver", hash, count);
			List<UUID> trips = insertTrips(connection, riders, drivers);
			MACSigner signer = new MACSigner(jwtSecret.getBytes(StandardCharsets.UTF_8));
			List<Ride> rides = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				rides.add(new Ride(i, trips.get(i), riders[i], drivers[i],
						token(signer, riders[i], prefix + "rider-" + i, "rider"),
						token(signer, drivers[i], prefix + "driver-" + i, "driver")));
			}
			return new RideFixtures(database, prefix, rides);
		}
		catch (SQLException | JOSEException ex) {
			throw new IllegalStateException("Could not create the benchmark's users and trips", ex);
		}
	}

	List<Ride> rides() {
		return this.rides;
	}

	private static long[] insertUsers(Connection connection, String prefix, String role, String hash, int count)
			throws SQLException {
		String sql = """
				INSERT INTO users (username, password, first_name, last_name, role, active, date_joined)
				SELECT ? || g, ?, 'Bench', ?, ?, TRUE, now() FROM generate_series(0, ? - 1) AS g
				RETURNING id, username""";
		long[] ids = new long[count];
		try (PreparedStatement insert = connection.prepareStatement(sql)) {
			String namePrefix = prefix + role + "-";
			insert.setString(1, namePrefix);
			insert.setString(2, hash);
			insert.setString(3, role);
			insert.setString(4, role);
			insert.setInt(5, count);
			try (ResultSet rows = insert.executeQuery()) {
				while (rows.next()) {
					int index = Integer.parseInt(rows.getString("username").substring(namePrefix.length()));
					ids[index] = rows.getLong("id");
				}
			}
		}
		return ids;
	}

	private static List<UUID> insertTrips(Connection connection, long[] riders, long[] drivers) throws SQLException {
		String sql = """
				INSERT INTO trips (id, created, updated, pick_up_address, drop_off_address, status, rider_id, driver_id)
				VALUES (?, now(), now(), 'Benchmark pick-up', 'Benchmark drop-off', 'STARTED', ?, ?)""";
		List<UUID> ids = new ArrayList<>(riders.length);
		try (PreparedStatement insert = connection.prepareStatement(sql)) {
			for (int i = 0; i < riders.length; i++) {
				UUID id = UUID.randomUUID();
				ids.add(id);
				insert.setObject(1, id);
				insert.setLong(2, riders[i]);
				insert.setLong(3, drivers[i]);
				insert.addBatch();
			}
			insert.executeBatch();
		}
		return ids;
	}

	/** An access token as the server issues it (the client and the server read the same claims). */
	private static String token(MACSigner signer, long userId, String username, String group) throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().serializeNullClaims(true)
			.claim("token_type", "access")
			.expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
			.issueTime(Date.from(now))
			.jwtID(UUID.randomUUID().toString().replace("-", ""))
			.claim("id", userId)
			.claim("username", username)
			.claim("first_name", "Bench")
			.claim("last_name", group)
			.claim("group", group)
			.claim("photo", null)
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	/** Deletes this run's trips and users; tells, and leaves them, if something else now refers to them. */
	@Override
	public void close() {
		try (Connection connection = this.database.connect();
				PreparedStatement trips = connection.prepareStatement("DELETE FROM trips WHERE id = ANY (?)");
				PreparedStatement users = connection.prepareStatement("DELETE FROM users WHERE username LIKE ?")) {
			trips.setArray(1, connection.createArrayOf("uuid", this.rides.stream().map(Ride::tripId).toArray()));
			trips.executeUpdate();
			users.setString(1, this.prefix + "%");
			users.executeUpdate();
		}
		catch (SQLException ex) {
			System.err.println("Could not delete the benchmark's rows (users named " + this.prefix + "*): " + ex);
		}
	}

}
