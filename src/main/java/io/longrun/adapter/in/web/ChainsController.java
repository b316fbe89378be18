package io.longrun.adapter.in.web;

import io.longrun.adapter.in.web.api.ChainsApi;
import io.longrun.adapter.in.web.model.ChainDto;
import io.longrun.adapter.in.web.model.ChainEventDto;
import io.longrun.adapter.in.web.model.ChainRequestDto;
import io.longrun.adapter.in.web.model.ChainStateDto;
import io.longrun.adapter.in.web.model.ChainUpdateDto;
import io.longrun.adapter.in.web.security.CurrentCaller;
import io.longrun.application.port.in.CallerChains;
import io.longrun.application.port.in.NewChain;
import io.longrun.domain.ChainState;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The chains API on behalf of the authenticated caller: another user's chain is not found, never forbidden. */
@RestController
class ChainsController implements ChainsApi {
    private final CallerChains chains;
    private final CurrentCaller caller;

    ChainsController(CallerChains chains, CurrentCaller caller) {
        this.chains = chains;
        this.caller = caller;
    }

    @Override
    public ResponseEntity<ChainDto> createChain(ChainRequestDto request, String idempotencyKey) {
        RequestLimits.check(request, idempotencyKey);
        CallerChains.Created created = chains.create(caller.get(), new NewChain(request.getUser(),
                request.getScript(), request.getArgs(), request.getWorkingDirectory(), request.getEnvironment(),
                ChainDtoMapper.toPolicyRequest(request.getMaxRestarts(), request.getPolicy())), idempotencyKey);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(created.chain().id()).toUri();
        ResponseEntity.BodyBuilder response = created.replayed()
                ? ResponseEntity.status(HttpStatus.OK).header("Idempotent-Replayed", "true")
                : ResponseEntity.status(HttpStatus.CREATED);
        return response.location(location).body(ChainDtoMapper.toDto(created.chain()));
    }

    @Override
    public ResponseEntity<List<ChainDto>> listChains(String user, ChainStateDto state, Integer limit) {
        ChainState wanted = state == null ? null : ChainState.valueOf(state.getValue());
        return ResponseEntity.ok(chains.list(caller.get(), user, wanted, limit == null ? 100 : limit).stream()
                .map(ChainDtoMapper::toDto).toList());
    }

    @Override
    public ResponseEntity<ChainDto> getChain(UUID chainId) {
        return chains.find(caller.get(), chainId).map(ChainDtoMapper::toDto).map(ResponseEntity::ok)
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }

    @Override
    public ResponseEntity<ChainDto> updateChain(UUID chainId, ChainUpdateDto update) {
        return chains.changePolicy(caller.get(), chainId,
                        ChainDtoMapper.toPolicyRequest(update.getMaxRestarts(), update.getPolicy()))
                .map(ChainDtoMapper::toDto).map(ResponseEntity::ok)
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }

    @Override
    public ResponseEntity<List<ChainEventDto>> getChainEvents(UUID chainId) {
        return chains.events(caller.get(), chainId)
                .map(events -> ResponseEntity.ok(events.stream().map(ChainDtoMapper::toDto).toList()))
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }

    @Override
    public ResponseEntity<ChainDto> holdChain(UUID chainId) {
        return chains.hold(caller.get(), chainId).map(ChainDtoMapper::toDto).map(ResponseEntity::ok)
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }

    @Override
    public ResponseEntity<ChainDto> resumeChain(UUID chainId) {
        return chains.resume(caller.get(), chainId).map(ChainDtoMapper::toDto).map(ResponseEntity::ok)
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }

    @Override
    public ResponseEntity<ChainDto> cancelChain(UUID chainId) {
        return chains.cancel(caller.get(), chainId).map(ChainDtoMapper::toDto).map(ResponseEntity::ok)
                .orElseThrow(() -> new ChainNotFoundException(chainId));
    }
}
