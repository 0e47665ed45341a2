package dev.taxi.channels.socket;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@code type → handler} registry, filled once at start-up from every bean's {@link On}
 * methods. A malformed handler or a second handler for a type fails start-up rather than the
 * first message of that type.
 */
final class MessageHandlers implements BeanPostProcessor {

	private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		register(bean);
		return bean;
	}

	/** Registers every {@link On} method of a handler object. */
	public void register(Object bean) {
		Class<?> type = AopUtils.getTargetClass(bean);
		Map<Method, On> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<On>) (method) -> AnnotatedElementUtils.findMergedAnnotation(method, On.class));
		methods.forEach((method, on) -> add(on.value(), Handler.of(bean, method)));
	}

	private void add(String type, Handler handler) {
		if (type.isBlank()) {
			throw new IllegalStateException("@On on " + handler.method() + " names no message type");
		}
		Handler previous = this.handlers.putIfAbsent(type, handler);
		if (previous != null) {
			throw new IllegalStateException("Message type '" + type + "' has two handlers: " + previous.method()
					+ " and " + handler.method());
		}
	}

	@Nullable Handler find(String type) {
		return this.handlers.get(type);
	}

	/** The payload types the registered handlers bind {@code data} to. */
	Set<Class<?>> payloadTypes() {
		return this.handlers.values().stream().map(Handler::payloadType).filter(java.util.Objects::nonNull)
			.collect(java.util.stream.Collectors.toSet());
	}

	/** One handler method and how to fill its parameters. */
	record Handler(Object bean, Method method, @Nullable Class<?> payloadType) {

		static Handler of(Object bean, Method method) {
			if (!Mono.class.isAssignableFrom(method.getReturnType())) {
				throw new IllegalStateException("@On method " + method + " must return a Mono");
			}
			Class<?> payloadType = null;
			for (Class<?> parameter : method.getParameterTypes()) {
				if (parameter != Connection.class && parameter != InboundMessage.class) {
					if (payloadType != null) {
						throw new IllegalStateException("@On method " + method + " has more than one payload parameter");
					}
					payloadType = parameter;
				}
			}
			ReflectionUtils.makeAccessible(method);
			return new Handler(bean, method, payloadType);
		}

		Mono<?> invoke(Connection connection, InboundMessage message, @Nullable Object payload) {
			Class<?>[] parameters = this.method.getParameterTypes();
			Object[] arguments = new Object[parameters.length];
			for (int i = 0; i < parameters.length; i++) {
				if (parameters[i] == Connection.class) {
					arguments[i] = connection;
				}
				else if (parameters[i] == InboundMessage.class) {
					arguments[i] = message;
				}
				else {
					arguments[i] = payload;
				}
			}
			try {
				return (Mono<?>) this.method.invoke(this.bean, arguments);
			}
			catch (InvocationTargetException ex) {
				return Mono.error(ex.getTargetException());
			}
			catch (IllegalAccessException ex) {
				return Mono.error(ex);
			}
		}

	}

}
