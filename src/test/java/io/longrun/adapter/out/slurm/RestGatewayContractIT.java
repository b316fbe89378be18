package io.longrun.adapter.out.slurm;

import io.longrun.adapter.out.slurm.rest.JwtKeySlurmTokens;
import io.longrun.adapter.out.slurm.rest.SlurmRestConfiguration;
import io.longrun.adapter.out.slurm.rest.SlurmRestProperties;
import io.longrun.application.port.out.SlurmGateway;
import io.longrun.support.DevCluster;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.web.client.RestClient;

/** The gateway contract through slurmrestd (tokens minted from the cluster's key). */
class RestGatewayContractIT extends GatewayContract {

    @Override
    protected String adapter() {
        return "rest";
    }

    @Override
    protected SlurmGateway createGateway() {
        SlurmRestProperties properties = new SlurmRestProperties(URI.create(DevCluster.restUrl()), DevCluster.keyPath(),
                null, Duration.ofMinutes(10), "slurm", Duration.ofSeconds(5), Duration.ofSeconds(30));
        return SlurmRestConfiguration.gateway(RestClient.builder(), properties,
                new JwtKeySlurmTokens(properties.jwtKeyFile(), properties.tokenLifetime(), Clock.systemUTC()));
    }
}
