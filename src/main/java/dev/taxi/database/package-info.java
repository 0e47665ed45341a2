/**
 * Living with a database that is not there yet, or goes away for a while: the schema is migrated
 * once it answers (in the background, with readiness DOWN meanwhile), requests that need it fail
 * fast with 503 (an {@code error} on v2 sockets) instead of hanging or answering 500, and the
 * connection pool hands out no connection the database closed before it came back.
 */
@NullMarked
package dev.taxi.database;

import org.jspecify.annotations.NullMarked;
