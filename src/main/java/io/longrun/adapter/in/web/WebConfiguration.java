package io.longrun.adapter.in.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebConfiguration.ApiProperties.class)
class WebConfiguration {

    /**
     * {@code longrun.api.*}.
     *
     * @param maxRequestSize              the largest request body; a 1 MiB script escaped in JSON (plus args and
     *                                    environment) fits in the default
     * @param idempotencyKeyRetention     how long an Idempotency-Key of {@code POST /chains} is remembered at least
     * @param idempotencyKeyPurgeInterval how often keys older than that are deleted (so at most this much longer)
     */
    @ConfigurationProperties("longrun.api")
    record ApiProperties(@DefaultValue("4MB") DataSize maxRequestSize,
                         @DefaultValue("24h") Duration idempotencyKeyRetention,
                         @DefaultValue("1h") Duration idempotencyKeyPurgeInterval) {
        ApiProperties {
            if (idempotencyKeyRetention.isNegative() || idempotencyKeyRetention.isZero()) {
                throw new IllegalArgumentException("longrun.api.idempotency-key-retention must be positive: "
                        + idempotencyKeyRetention);
            }
            if (idempotencyKeyPurgeInterval.isNegative() || idempotencyKeyPurgeInterval.isZero()) {
                throw new IllegalArgumentException("longrun.api.idempotency-key-purge-interval must be positive: "
                        + idempotencyKeyPurgeInterval);
            }
        }
    }

    /** Before everything else, security included: a huge body is refused before anyone reads it. */
    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimit(ApiProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxRequestSize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
