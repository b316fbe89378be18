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
import io.longrun.application.port.out.ChainQuery;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainState;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The chains API on behalf of the authenticated caller: another user's chain is not found, never forbidden. */
@RestController
class ChainsController implements ChainsApi {
    static final int DEFAULT_PAGE_SIZE = 100;

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
                ChainDtoMapper.toPolicyRequest(request.getMaxRestarts(), request.getPolicy()),
                request.getScriptArguments()), idempotencyKey);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(created.chain().id()).toUri();
        ResponseEntity.BodyBuilder response = created.replayed()
                ? ResponseEntity.status(HttpStatus.OK).header("Idempotent-Replayed", "true")
                : ResponseEntity.status(HttpStatus.CREATED);
        return response.location(location).body(ChainDtoMapper.toDto(created.chain()));
    }

    @Override
    public ResponseEntity<List<ChainDto>> listChains(String user, ChainStateDto state, String name,
                                                     OffsetDateTime createdAfter, OffsetDateTime createdBefore,
                                                     String sort, Integer limit, String pageToken) {
        if (createdAfter != null && createdBefore != null && !createdBefore.isAfter(createdAfter)) {
            throw new InvalidRequestException(List.of(Map.of("field", "createdBefore",
                    "message", "must be later than createdAfter")));
        }
        boolean oldestFirst = "createdAt".equals(sort);
        int pageSize = limit == null ? DEFAULT_PAGE_SIZE : limit;
        ChainQuery query = new ChainQuery(user == null ? null : Set.of(user),
                state == null ? null : ChainState.valueOf(state.getValue()), name,
                createdAfter == null ? null : createdAfter.toInstant(),
                createdBefore == null ? null : createdBefore.toInstant(), oldestFirst,
                pageToken == null ? null : PageTokens.decode(pageToken, oldestFirst),
                // One more than the page: whether it exists says if there is a next page.
                pageSize + 1);
        List<Chain> found = chains.search(caller.get(), query);
        List<Chain> page = found.size() > pageSize ? found.subList(0, pageSize) : found;
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (found.size() > pageSize) {
            Chain last = page.get(page.size() - 1);
            String next = PageTokens.encode(oldestFirst, new ChainQuery.Position(last.createdAt(), last.id()));
            response.header("Next-Page-Token", next)
                    .header(HttpHeaders.LINK, "<" + ServletUriComponentsBuilder.fromCurrentRequest()
                            .replaceQueryParam("pageToken", next).toUriString() + ">; rel=\"next\"");
        }
        return response.body(page.stream().map(ChainDtoMapper::toDto).toList());
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
