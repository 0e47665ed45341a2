package dev.taxi.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How open connections follow their users' authority, under {@code taxi.auth}.
 * @param deactivationCheck how often each instance asks the database which of its connected users
 * were deactivated or deleted, and closes their connections with 4403
 */
@ConfigurationProperties("taxi.auth")
public record AuthorityProperties(@DefaultValue("2s") Duration deactivationCheck) {
}
