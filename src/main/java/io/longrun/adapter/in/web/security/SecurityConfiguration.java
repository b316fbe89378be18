package io.longrun.adapter.in.web.security;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestTemplate;

/**
 * Who may call what: health, info, metrics for Prometheus and the OpenAPI document are open; everything else
 * needs a Slurm token, an OpenID Connect token or an API key. Stateless: no session, no cookie, so no CSRF.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
// The engine also runs without a web server (the command line's standalone mode): nothing to secure then.
@ConditionalOnWebApplication
class SecurityConfiguration {
    static final String[] OPEN = {"/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
            "/openapi.yaml"};

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (!properties.enabled()) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        Set<String> admins = new HashSet<>(properties.admins());
        ApiKeys apiKeys = new ApiKeys(properties.apiKeys(), admins);
        ProblemResponses problems = new ProblemResponses(!apiKeys.isEmpty());
        BearerTokens bearer = new BearerTokens(
                properties.slurm().enabled() ? new SlurmTokenDecoder(properties.slurm().keyFile()) : null,
                properties.oidc().enabled() ? oidcDecoder(properties.oidc()) : null,
                properties.oidc(), admins);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, OPEN).permitAll()
                        // Spring's error page: the problem for a request that already failed.
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(request -> bearer)
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        // GET /.well-known/oauth-protected-resource, which every 401's challenge points to.
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
                                resource -> describe(resource, properties.oidc()))))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, problems),
                        BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /**
     * The RFC 9728 protected resource metadata, served without credentials: Spring fills in the resource (this
     * server's URL) and bearer tokens in the Authorization header; the OpenID Connect issuer, when configured, is
     * the authorization server (Slurm's own tokens come from {@code scontrol token}, which has no such metadata).
     * Tokens are not bound to client certificates.
     */
    static void describe(OAuth2ProtectedResourceMetadata.Builder resource, SecurityProperties.Oidc oidc) {
        resource.resourceName("Longrun").tlsClientCertificateBoundAccessTokens(false);
        if (oidc.issuerUri() != null) {
            resource.authorizationServer(oidc.issuerUri().toString());
        }
    }

    /** Built on first use, so Longrun starts while the provider is down; its keys are cached and refreshed. */
    static JwtDecoder oidcDecoder(SecurityProperties.Oidc oidc) {
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = oidc.jwkSetUri() != null
                    ? NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri().toString()).restOperations(keyFetcher())
                    .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256,
                            SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.ES256,
                            SignatureAlgorithm.ES384, SignatureAlgorithm.PS256)))
                    .build()
                    : NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri().toString()).restOperations(keyFetcher())
                    .build();
            decoder.setJwtValidator(validator(oidc));
            return decoder;
        });
    }

    /** Bounded waits for the provider's keys: a slow provider fails a request, it does not hang it. */
    private static RestTemplate keyFetcher() {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(5));
        requests.setReadTimeout(Duration.ofSeconds(10));
        return new RestTemplate(requests);
    }

    static OAuth2TokenValidator<Jwt> validator(SecurityProperties.Oidc oidc) {
        OAuth2TokenValidator<Jwt> standard = oidc.issuerUri() != null
                ? JwtValidators.createDefaultWithIssuer(oidc.issuerUri().toString()) : JwtValidators.createDefault();
        if (oidc.audiences().isEmpty()) {
            return standard;
        }
        return new DelegatingOAuth2TokenValidator<>(standard, new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                audiences -> audiences != null && audiences.stream().anyMatch(oidc.audiences()::contains)));
    }
}
