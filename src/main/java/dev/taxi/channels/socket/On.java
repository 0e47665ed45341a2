package dev.taxi.channels.socket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as the handler of one message type. The method returns a
 * {@code Mono}; its parameters may be the {@link Connection}, the {@link InboundMessage}, and at
 * most one payload type (a record) that the message's {@code data} is bound to and validated as.
 * Each type has exactly one handler: a duplicate fails start-up.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface On {

	/** The message type, e.g. {@code "create.trip"}. */
	String value();

}
