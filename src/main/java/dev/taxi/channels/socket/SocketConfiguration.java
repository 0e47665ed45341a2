package dev.taxi.channels.socket;

import java.util.List;
import java.util.Map;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import jakarta.validation.Validator;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/** The WebSocket endpoint {@link SocketPath#PATH}: its handler, the dispatcher, the protocol versions. */
@Configuration(proxyBeanMethods = false)
class SocketConfiguration implements WebFluxConfigurer {

	private final ChannelsProperties properties;

	SocketConfiguration(ChannelsProperties properties) {
		this.properties = properties;
	}

	@Bean
	static MessageHandlers messageHandlers() {
		return new MessageHandlers();
	}

	@Bean
	WireProtocols wireProtocols(List<WireProtocol> protocols) {
		return new WireProtocols(protocols);
	}

	@Bean
	TypedProtocol typedProtocol(JsonMapper mapper) {
		return new TypedProtocol(mapper);
	}

	@Bean
	MessageDispatcher messageDispatcher(MessageHandlers handlers, JsonMapper mapper, Validator validator,
			MeterRegistry meters, List<FailureRefusals> failureRefusals) {
		return new MessageDispatcher(handlers, mapper, validator, meters, failureRefusals);
	}

	@Bean
	BuiltInHandlers builtInHandlers() {
		return new BuiltInHandlers();
	}

	@Bean
	Subscriptions subscriptions(List<Subscribable> models, List<SubscriptionListener> listeners) {
		return new Subscriptions(models, listeners);
	}

	@Bean
	ChannelsWebSocketHandler channelsWebSocketHandler(ChannelLayer layer, MessageDispatcher dispatcher,
			WireProtocols protocols, List<ConnectionListener> listeners, MeterRegistry meters,
			ObjectProvider<ConnectionAdmission> admission) {
		return new ChannelsWebSocketHandler(layer, dispatcher, protocols, listeners, this.properties, meters,
				admission.getIfAvailable(() -> ConnectionAdmission.NONE));
	}

	/**
	 * A WebSocket's upgrade request is no request to time: it would stay an open observation (with
	 * its context, tags and timers) for as long as the socket lives. Sockets have metrics of their
	 * own ({@code taxi.ws.*}).
	 */
	@Bean
	ObservationPredicate noObservationOfSocketUpgrades() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request)
				|| !isSocketPath(request.getCarrier().getPath().value());
	}

	private static boolean isSocketPath(String path) {
		return SocketPath.PATH.equals(path) || SocketPath.PATH_WITHOUT_SLASH.equals(path);
	}

	@Bean
	HandlerMapping channelsHandlerMapping(ChannelsWebSocketHandler handler) {
		// Before the annotated controllers, so that nothing else answers the socket's path.
		return new SimpleUrlHandlerMapping(Map.of(SocketPath.PATH, handler, SocketPath.PATH_WITHOUT_SLASH, handler), -1);
	}

	@Bean
	HandshakeOnEventLoopFilter handshakeOnEventLoopFilter() {
		return new HandshakeOnEventLoopFilter(SocketPath.PATH_WITHOUT_SLASH);
	}

	@Bean
	ChannelsShutdown channelsShutdown(ChannelsWebSocketHandler handler) {
		return new ChannelsShutdown(handler);
	}

	@Override
	public WebSocketService getWebSocketService() {
		return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
				() -> WebsocketServerSpec.builder().maxFramePayloadLength(FrameLimit.decoderLimit(this.properties))));
	}

}
