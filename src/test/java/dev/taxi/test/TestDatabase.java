package dev.taxi.test;

/** Where the tests find PostgreSQL: localhost, as on CI and as 'docker compose up -d' provides. */
final class TestDatabase {

	static final String HOST = "localhost";

	static final int PORT = 5432;

	private TestDatabase() {
	}

}
