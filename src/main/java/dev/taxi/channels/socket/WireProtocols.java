package dev.taxi.channels.socket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.taxi.channels.ChannelMessage;
import org.jspecify.annotations.Nullable;

/** Every protocol version this server speaks, and the one place events are rendered for groups. */
public final class WireProtocols {

	private final List<WireProtocol> protocols;

	private final WireProtocol fallback;

	public WireProtocols(List<WireProtocol> protocols) {
		this.protocols = List.copyOf(protocols);
		List<WireProtocol> defaults = this.protocols.stream().filter((p) -> p.subprotocol() == null).toList();
		if (defaults.size() != 1) {
			throw new IllegalStateException("Exactly one protocol must serve connections that ask for no subprotocol, found "
					+ defaults.stream().map(WireProtocol::name).toList());
		}
		this.fallback = defaults.get(0);
	}

	/** The protocol for a negotiated subprotocol ({@code null}: the client asked for none we speak). */
	public WireProtocol forSubprotocol(@Nullable String subprotocol) {
		if (subprotocol == null) {
			return this.fallback;
		}
		return this.protocols.stream()
			.filter((p) -> subprotocol.equals(p.subprotocol()))
			.findFirst()
			.orElse(this.fallback);
	}

	/** The subprotocols a client may ask for in the handshake. */
	public List<String> subprotocols() {
		return this.protocols.stream().map(WireProtocol::subprotocol).filter(Objects::nonNull).toList();
	}

	/** Renders an event once for every version, ready to go to any number of connections. */
	public ChannelMessage encode(Object event) {
		Map<String, byte[]> frames = new LinkedHashMap<>();
		for (WireProtocol protocol : this.protocols) {
			byte[] frame = protocol.render(event);
			if (frame != null) {
				frames.put(protocol.name(), frame);
			}
		}
		return ChannelMessage.ofFrames(frames, null);
	}

}
