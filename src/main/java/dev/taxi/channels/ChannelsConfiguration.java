package dev.taxi.channels;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The channel layer of one instance, unless another layer is configured ({@code taxi.channels.type}). */
@Configuration(proxyBeanMethods = false)
class ChannelsConfiguration {

	@Bean
	@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "memory", matchIfMissing = true)
	ChannelLayer inMemoryChannelLayer() {
		return ChannelLayer.inMemory();
	}

}
