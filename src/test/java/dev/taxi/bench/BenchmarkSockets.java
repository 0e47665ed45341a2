package dev.taxi.bench;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * WebSocket clients on plain Netty with a few event loop threads (named {@code bench-client-…},
 * so their CPU can be told from the server's): thousands of connections, each a {@link Socket}
 * that sends from any thread and hands every text frame to its listener on its event loop.
 */
final class BenchmarkSockets implements AutoCloseable {

	/** Threads whose names start with this are the load generator's, not the server's. */
	static final String THREAD_PREFIX = "bench-";

	private static final String READY = "{\"type\":\"echo.message\",\"data\":\"bench-ready\"}";

	private final EventLoopGroup group;

	private final Bootstrap bootstrap;

	/** Close codes the server sent, counted. */
	private final ConcurrentHashMap<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();

	BenchmarkSockets(int threads) {
		this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(THREAD_PREFIX + "client"),
				NioIoHandler.newFactory());
		this.bootstrap = new Bootstrap().group(this.group).channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
	}

	/**
	 * Opens a connection offering {@code subprotocol}, checks the server confirmed it, and completes
	 * once the server answered a first echo: it handles a connection's frames only once it is done
	 * connecting it (groups joined), so from then on the socket hears everything meant for it.
	 */
	CompletableFuture<Socket> open(URI uri, String subprotocol, Consumer<String> listener) {
		Socket socket = new Socket(subprotocol, listener);
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
			.subprotocol(subprotocol)
			.generateOriginHeader(false) // a client that is no browser page sends no Origin
			.handleCloseFrames(false)
			.handshakeTimeoutMillis(TimeUnit.SECONDS.toMillis(60))
			.build();
		this.bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {

			@Override
			protected void initChannel(SocketChannel channel) {
				channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
						new WebSocketClientProtocolHandler(config), socket);
			}

		}).connect(uri.getHost(), uri.getPort()).addListener((ChannelFutureListener) (future) -> {
			if (!future.isSuccess()) {
				socket.ready.completeExceptionally(future.cause());
			}
		});
		return socket.ready;
	}

	/** The event loops the connections run on, for other clients of the same load generator. */
	EventLoopGroup group() {
		return this.group;
	}

	/** Close codes the server sent, with how many times. */
	java.util.Map<Integer, Long> closeCodes() {
		java.util.Map<Integer, Long> codes = new java.util.TreeMap<>();
		this.closeCodes.forEach((code, count) -> codes.put(code, count.sum()));
		return codes;
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/** One connection. */
	final class Socket extends SimpleChannelInboundHandler<WebSocketFrame> {

		private final String subprotocol;

		private final Consumer<String> listener;

		private final CompletableFuture<Socket> ready = new CompletableFuture<>();

		private volatile @Nullable Channel channel;

		private volatile @Nullable String closedWith;

		private Socket(String subprotocol, Consumer<String> listener) {
			this.subprotocol = subprotocol;
			this.listener = listener;
		}

		/** Sends a text frame; false if the connection is gone. */
		boolean send(String text) {
			Channel current = this.channel;
			if (current == null || !current.isActive()) {
				return false;
			}
			current.writeAndFlush(new TextWebSocketFrame(text), current.voidPromise());
			return true;
		}

		/** Writes a text frame without flushing it; on the connection's event loop. False if the connection is gone. */
		boolean write(String text) {
			Channel current = this.channel;
			if (current == null || !current.isActive()) {
				return false;
			}
			current.write(new TextWebSocketFrame(text), current.voidPromise());
			return true;
		}

		void flush() {
			Channel current = this.channel;
			if (current != null) {
				current.flush();
			}
		}

		/** The event loop this connection's frames are read and written on. */
		io.netty.channel.EventLoop eventLoop() {
			Channel current = this.channel;
			if (current == null) {
				throw new IllegalStateException("Not connected");
			}
			return current.eventLoop();
		}

		boolean isOpen() {
			Channel current = this.channel;
			return current != null && current.isActive();
		}

		void close() {
			Channel current = this.channel;
			if (current != null) {
				current.close();
			}
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
			if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
				String confirmed = context.pipeline().get(WebSocketClientProtocolHandler.class).handshaker()
					.actualSubprotocol();
				if (!this.subprotocol.equals(confirmed)) {
					this.ready.completeExceptionally(new IllegalStateException(
							"The server confirmed subprotocol " + confirmed + ", not " + this.subprotocol));
					context.close();
					return;
				}
				this.channel = context.channel();
				context.writeAndFlush(new TextWebSocketFrame(READY));
			}
			else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
				this.ready.completeExceptionally(new IllegalStateException("Handshake timed out"));
			}
			super.userEventTriggered(context, event);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
			if (frame instanceof TextWebSocketFrame text) {
				String payload = text.text();
				if (!this.ready.isDone() && payload.equals(READY)) {
					this.ready.complete(this);
				}
				else {
					this.listener.accept(payload);
				}
			}
			else if (frame instanceof CloseWebSocketFrame close) {
				BenchmarkSockets.this.closeCodes.computeIfAbsent(close.statusCode(), (code) -> new LongAdder()).increment();
				this.closedWith = close.statusCode() + " " + close.reasonText();
				context.close();
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) throws Exception {
			this.ready.completeExceptionally(new IllegalStateException("Connection closed before it was ready ("
					+ ((this.channel == null) ? "during the handshake" : "after the handshake")
					+ ((this.closedWith != null) ? ", close frame " + this.closedWith : ", no close frame") + ")"));
			super.channelInactive(context);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			this.ready.completeExceptionally(cause);
			context.close();
		}

	}

}
