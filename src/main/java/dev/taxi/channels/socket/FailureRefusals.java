package dev.taxi.channels.socket;

import org.jspecify.annotations.Nullable;

/**
 * Says which failures of a message handler are refusals after all: a service the handler needs
 * did not answer, which is nobody's bug. Features contribute them as beans; a failure none of
 * them claims is logged and counted as a handler failure.
 */
public interface FailureRefusals {

	/** The refusal to answer the failure with, or {@code null} if it is not one this knows. */
	@Nullable Refusal refusalFor(Throwable failure);

}
