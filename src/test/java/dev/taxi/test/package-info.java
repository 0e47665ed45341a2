/** What the tests share: the services they need, a REST client and WebSocket clients over real sockets. */
@NullMarked
package dev.taxi.test;

import org.jspecify.annotations.NullMarked;
