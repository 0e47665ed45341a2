package dev.taxi.channels;

import org.junit.jupiter.api.BeforeEach;

/** The channel layer contract, on one instance in memory. */
class InMemoryChannelLayerTests extends ChannelLayerContractTests {

	private InMemoryChannelLayer layer;

	@BeforeEach
	void createLayer() {
		this.layer = new InMemoryChannelLayer();
	}

	@Override
	protected ChannelLayer layer() {
		return this.layer;
	}

}
