package dev.taxi.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps HTTP/1.1 kept-alive connections reading. Reactor Netty 1.3 (up to 1.3.7 at least) may stop
 * reading a connection for good when a client sends its next request before the server has
 * finished with the previous one, which happens whenever handling ended on another thread than
 * the connection's (a bearer token is checked against the database): that next request then waits
 * forever, unread (reactor/reactor-netty#4361). Flushing the last frame of a response once no read
 * is pending ends the previous exchange before the next request is looked at, which closes that
 * path; clients do not pipeline, so the other path to the same bug is not taken. Reactor Netty reads
 * the setting once, when it serves its first connection: it is set here, before the server starts,
 * unless it was set already.
 */
@Configuration(proxyBeanMethods = false)
class KeptAliveConnectionsConfiguration {

	static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

	@Bean
	NettyServerCustomizer lastFlushWhenNoRead() {
		if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
			System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
		}
		return (server) -> server;
	}

}
