package dev.taxi.channels;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/** The real-time layer: the channel layer, the dispatcher and the WebSocket endpoint {@code /taxi/}. */
@Configuration(proxyBeanMethods = false)
class ChannelsConfiguration implements WebFluxConfigurer {

	static final String PATH = "/taxi/";

	private final ChannelsProperties properties;

	ChannelsConfiguration(ChannelsProperties properties) {
		this.properties = properties;
	}

	@Bean
	static MessageHandlers messageHandlers() {
		return new MessageHandlers();
	}

	@Bean
	@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "memory", matchIfMissing = true)
	ChannelLayer inMemoryChannelLayer() {
		return new InMemoryChannelLayer();
	}

	@Bean
	WireProtocols wireProtocols(List<WireProtocol> protocols) {
		return new WireProtocols(protocols);
	}

	@Bean
	MessageDispatcher messageDispatcher(MessageHandlers handlers, JsonMapper mapper, Validator validator,
			MeterRegistry meters) {
		return new MessageDispatcher(handlers, mapper, validator, meters);
	}

	@Bean
	ChannelsWebSocketHandler channelsWebSocketHandler(ChannelLayer layer, MessageDispatcher dispatcher,
			WireProtocols protocols, List<ConnectionListener> listeners, MeterRegistry meters) {
		return new ChannelsWebSocketHandler(layer, dispatcher, protocols, listeners, this.properties, meters);
	}

	@Bean
	HandlerMapping channelsHandlerMapping(ChannelsWebSocketHandler handler) {
		// Before the annotated controllers, so that nothing else answers the socket's path.
		return new SimpleUrlHandlerMapping(Map.of(PATH, handler, "/taxi", handler), -1);
	}

	@Bean
	HandshakeOnEventLoopFilter handshakeOnEventLoopFilter() {
		return new HandshakeOnEventLoopFilter("/taxi");
	}

	@Bean
	ChannelsShutdown channelsShutdown(ChannelsWebSocketHandler handler) {
		return new ChannelsShutdown(handler);
	}

	@Override
	public WebSocketService getWebSocketService() {
		int maxFrame = (int) this.properties.maxFrameSize().toBytes();
		return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
				() -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrame)));
	}

}
