package dev.taxi.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;

/**
 * Server-Sent Event readers on plain Netty, on the event loops of the load generator's
 * WebSockets: each GETs a stream with a bearer token and hands every event, as the v2 frame it
 * stands for ({@code {"type": event, "data": data}}), to its listener on its event loop.
 */
final class BenchmarkEventStreams {

	private final Bootstrap bootstrap;

	/** Streams that ended, by the server or by a failure. */
	private final AtomicInteger ended = new AtomicInteger();

	BenchmarkEventStreams(EventLoopGroup group) {
		this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
	}

	/** Opens a stream; completes with its first event (the trip's current state), which the listener does not get. */
	CompletableFuture<Stream> open(URI uri, String token, Consumer<String> listener) {
		Stream stream = new Stream(listener);
		this.bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {

			@Override
			protected void initChannel(SocketChannel channel) {
				channel.pipeline().addLast(new HttpClientCodec(), stream);
			}

		}).connect(uri.getHost(), uri.getPort()).addListener((ChannelFutureListener) (future) -> {
			if (!future.isSuccess()) {
				stream.ready.completeExceptionally(future.cause());
				return;
			}
			DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
					uri.getRawPath());
			request.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort())
				.set(HttpHeaderNames.ACCEPT, "text/event-stream")
				.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
			future.channel().writeAndFlush(request);
		});
		return stream.ready;
	}

	int ended() {
		return this.ended.get();
	}

	/** One stream: parses events as they arrive, split on blank lines. */
	final class Stream extends SimpleChannelInboundHandler<HttpObject> {

		private final Consumer<String> listener;

		private final CompletableFuture<Stream> ready = new CompletableFuture<>();

		private final StringBuilder pending = new StringBuilder();

		private volatile @Nullable Channel channel;

		private Stream(Consumer<String> listener) {
			this.listener = listener;
		}

		boolean isOpen() {
			Channel current = this.channel;
			return current != null && current.isActive();
		}

		@Override
		public void channelActive(ChannelHandlerContext context) throws Exception {
			this.channel = context.channel();
			super.channelActive(context);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, HttpObject message) {
			if (message instanceof HttpResponse response && response.status().code() != 200) {
				this.ready.completeExceptionally(new IllegalStateException("Stream refused: " + response.status()));
				context.close();
				return;
			}
			if (message instanceof HttpContent content) {
				this.pending.append(content.content().toString(StandardCharsets.UTF_8));
				int end;
				while ((end = this.pending.indexOf("\n\n")) >= 0) {
					String event = this.pending.substring(0, end);
					this.pending.delete(0, end + 2);
					dispatch(event);
				}
				if (message instanceof LastHttpContent) {
					context.close();
				}
			}
		}

		private void dispatch(String event) {
			String type = null;
			StringBuilder data = new StringBuilder();
			for (String line : event.split("\n")) {
				if (line.startsWith("event:")) {
					type = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).trim());
				}
			}
			if (type == null) {
				return; // a comment: the heartbeat
			}
			if (!this.ready.isDone()) {
				this.ready.complete(this);
				return;
			}
			this.listener.accept("{\"type\":\"" + type + "\",\"data\":" + data + "}");
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) throws Exception {
			BenchmarkEventStreams.this.ended.incrementAndGet();
			this.ready.completeExceptionally(new IllegalStateException("Stream closed before its first event"));
			super.channelInactive(context);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			this.ready.completeExceptionally(cause);
			context.close();
		}

	}

}
