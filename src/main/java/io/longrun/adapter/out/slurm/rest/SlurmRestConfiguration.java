package io.longrun.adapter.out.slurm.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.longrun.adapter.out.slurm.SlurmAdapterConditions;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The slurmrestd adapter, when {@code longrun.slurm.adapter} is {@code rest} or {@code auto}. Its gateway is not a
 * default injection candidate: {@code io.longrun.adapter.out.slurm.SlurmAdapterConfiguration} wraps it into the one
 * {@code SlurmGateway} the engine sees.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SlurmAdapterConditions.RestNeeded.class)
@EnableConfigurationProperties(SlurmRestProperties.class)
public class SlurmRestConfiguration {
    static final String FORBIDDEN_TOKEN_PROPERTY = "longrun.slurm.rest.token";

    @Bean
    SlurmTokens slurmTokens(SlurmRestProperties properties, Clock clock, Environment environment) {
        properties.requireOneCredential();
        if (Binder.get(environment).bind(FORBIDDEN_TOKEN_PROPERTY, String.class).isBound()) {
            // Never echo the value: it is a secret that should not have been a property.
            throw new IllegalStateException(FORBIDDEN_TOKEN_PROPERTY + " is not supported: a secret is never a "
                    + "property. Put the token in a file readable by Longrun only and set longrun.slurm.rest.token-file");
        }
        return properties.tokenFile() != null
                ? new StaticTokenFile(properties.tokenFile())
                : new JwtKeySlurmTokens(properties.jwtKeyFile(), properties.tokenLifetime(), clock);
    }

    @Bean(defaultCandidate = false)
    SlurmRestGateway slurmRestGateway(RestClient.Builder builder, SlurmRestProperties properties, SlurmTokens tokens) {
        return gateway(builder, properties, tokens);
    }

    /** The gateway on a client of its own, built from Boot's builder (so its metrics and observation apply). */
    public static SlurmRestGateway gateway(RestClient.Builder builder, SlurmRestProperties properties,
                                           SlurmTokens tokens) {
        JsonMapper mapper = slurmJsonMapper();
        // slurmrestd speaks HTTP/1.1; the JDK client's h2c upgrade attempt breaks POST bodies.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(properties.readTimeout());
        RestClient restClient = builder.clone()
                .requestFactory(requestFactory)
                .requestInterceptor(new SlurmAuthInterceptor(tokens))
                .configureMessageConverters(converters -> converters.registerDefaults()
                        .withJsonConverter(new JacksonJsonHttpMessageConverter(mapper)))
                .build();
        return new SlurmRestGateway(restClient, mapper, properties.url().toString(), properties.statusUser());
    }

    /**
     * A mapper of its own, never shared: nulls and empty lists are left out (slurmrestd reads {@code null} as
     * a value — {@code "job_id": null} becomes job 0 — and refuses a request with both {@code job} and an empty
     * {@code jobs}, which the generated model initialises), and a newer Slurm's extra fields are ignored.
     */
    static JsonMapper slurmJsonMapper() {
        return JsonMapper.builder()
                .changeDefaultPropertyInclusion(inclusion -> inclusion
                        .withValueInclusion(JsonInclude.Include.NON_EMPTY)
                        .withContentInclusion(JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
