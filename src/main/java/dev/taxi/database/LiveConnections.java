package dev.taxi.database;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The connection pool, handing out only open connections. When the database restarts it closes
 * every connection the pool holds, and the pool learns of it only when it validates one on its
 * way out: it drops that one and tries once more, so with more than two closed connections left,
 * requests fail although the database is back. This takes the next connection until none of the
 * closed ones is left (at most the pool's size): free while no connection is closed, and a
 * connection the pool cannot make is not tried again, so an outage still fails fast.
 */
final class LiveConnections implements ConnectionFactory, Wrapped<ConnectionFactory>, Closeable, Disposable {

	private final ConnectionPool pool;

	private final Mono<Connection> create;

	LiveConnections(ConnectionPool pool) {
		this.pool = pool;
		int size = pool.getMetrics().map(PoolMetrics::getMaxAllocatedSize).orElse(100);
		this.create = pool.create()
			.retryWhen(Retry.max(size)
				.filter(DatabaseFailures::isClosedPooledConnection)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	@Override
	public Publisher<? extends Connection> create() {
		return this.create;
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.pool.getMetadata();
	}

	@Override
	public ConnectionFactory unwrap() {
		return this.pool;
	}

	@Override
	public Publisher<Void> close() {
		return this.pool.close();
	}

	@Override
	public void dispose() {
		this.pool.dispose();
	}

	@Override
	public boolean isDisposed() {
		return this.pool.isDisposed();
	}

}
