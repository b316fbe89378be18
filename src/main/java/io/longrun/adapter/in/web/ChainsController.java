package io.longrun.adapter.in.web;

import io.longrun.adapter.in.web.api.ChainsApi;
import io.longrun.adapter.in.web.model.ChainDto;
import io.longrun.adapter.in.web.model.ChainEventDto;
import io.longrun.adapter.in.web.model.ChainRequestDto;
import io.longrun.adapter.in.web.model.ChainStateDto;
import io.longrun.adapter.in.web.model.ChainUpdateDto;
import io.longrun.application.port.in.ChainUseCases;
import io.longrun.application.port.in.NewChain;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainState;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
class ChainsController implements ChainsApi {
    private final ChainUseCases chains;

    ChainsController(ChainUseCases chains) {
        this.chains = chains;
    }

    @Override
    public ResponseEntity<ChainDto> createChain(ChainRequestDto request) {
        if (request.getUser() == null) {
            throw new MissingFieldException("user", "the Slurm user the jobs run as is required");
        }
        Chain chain = chains.create(new NewChain(request.getUser(), request.getScript(), request.getArgs(),
                request.getWorkingDirectory(), request.getEnvironment(),
                ChainDtoMapper.toPolicyRequest(request.getMaxRestarts(), request.getPolicy())));
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(chain.id())
                .toUri();
        return ResponseEntity.created(location).body(ChainDtoMapper.toDto(chain));
    }

    @Override
    public ResponseEntity<List<ChainDto>> listChains(String user, ChainStateDto state, Integer limit) {
        ChainState wanted = state == null ? null : ChainState.valueOf(state.getValue());
        return ResponseEntity.ok(chains.list(user, wanted, limit == null ? 100 : limit).stream()
                .map(ChainDtoMapper::toDto).toList());
    }

    @Override
    public ResponseEntity<ChainDto> getChain(UUID chainId) {
        return chains.find(chainId).map(ChainDtoMapper::toDto).map(ResponseEntity::ok)
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }

    @Override
    public ResponseEntity<ChainDto> updateChain(UUID chainId, ChainUpdateDto update) {
        // Until authentication lands, the API itself is the one changing it.
        return chains.changePolicy(chainId, ChainDtoMapper.toPolicyRequest(update.getMaxRestarts(), update.getPolicy()),
                        "api")
                .map(ChainDtoMapper::toDto).map(ResponseEntity::ok)
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }

    @Override
    public ResponseEntity<List<ChainEventDto>> getChainEvents(UUID chainId) {
        return chains.events(chainId)
                .map(events -> ResponseEntity.ok(events.stream().map(ChainDtoMapper::toDto).toList()))
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }

    @Override
    public ResponseEntity<ChainDto> cancelChain(UUID chainId) {
        // Until authentication lands, the API itself is the one cancelling.
        return chains.cancel(chainId, "api").map(ChainDtoMapper::toDto).map(ResponseEntity::ok)
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }
}
