package io.longrun.application;

import io.longrun.application.port.in.Caller;
import io.longrun.application.port.in.CallerChains;
import io.longrun.application.port.in.CallerNotAllowedException;
import io.longrun.application.port.in.ChainUseCases;
import io.longrun.application.port.in.IdempotencyConflictException;
import io.longrun.application.port.in.MissingUserException;
import io.longrun.application.port.in.NewChain;
import io.longrun.application.port.in.PolicyRequest;
import io.longrun.application.port.out.ChainQuery;
import io.longrun.application.port.out.IdempotencyKeys;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** Ownership and idempotency around {@link ChainUseCases}: a chain belongs to the Slurm user it runs as. */
@Service
public class CallerChainService implements CallerChains {
    /** How long a repeated request waits for the first one (same key) to store its chain. */
    static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(10);

    private final ChainUseCases chains;
    private final IdempotencyKeys keys;

    public CallerChainService(ChainUseCases chains, IdempotencyKeys keys) {
        this.chains = chains;
        this.keys = keys;
    }

    @Override
    public Created create(Caller caller, NewChain request, String idempotencyKey) {
        NewChain owned = withUser(caller, request);
        if (idempotencyKey == null) {
            return new Created(chains.create(owned), false);
        }
        String fingerprint = fingerprint(owned);
        // Two tries: when the first request failed and released the key, this one takes it.
        for (int tries = 0; tries < 2; tries++) {
            UUID id = UUID.randomUUID();
            Optional<IdempotencyKeys.Reservation> earlier = keys.reserve(caller.name(), idempotencyKey, fingerprint, id);
            if (earlier.isEmpty()) {
                return new Created(createReserved(caller, idempotencyKey, id, owned), false);
            }
            if (!earlier.get().fingerprint().equals(fingerprint)) {
                throw new IdempotencyConflictException(
                        "this Idempotency-Key was used for a different request", true);
            }
            Optional<Chain> first = awaitChain(earlier.get().chainId());
            if (first.isPresent()) {
                return new Created(first.get(), true);
            }
        }
        throw new IdempotencyConflictException("a request with this Idempotency-Key is still in progress; retry", false);
    }

    private Chain createReserved(Caller caller, String key, UUID id, NewChain request) {
        try {
            return chains.create(id, request);
        } catch (RuntimeException refused) {
            if (chains.find(id).isEmpty()) {
                keys.release(caller.name(), key, id);
            }
            throw refused;
        }
    }

    /** The chain of the first request with the key; empty when it failed (its key released) or takes too long. */
    private Optional<Chain> awaitChain(UUID id) {
        long deadline = System.nanoTime() + WAIT_FOR_FIRST.toNanos();
        long pause = 20;
        while (true) {
            Optional<Chain> chain = chains.find(id);
            if (chain.isPresent() || System.nanoTime() > deadline) {
                return chain;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    private static NewChain withUser(Caller caller, NewChain request) {
        String user = request.user();
        if (user == null) {
            if (caller.anySlurmUser() || caller.slurmUsers().size() != 1) {
                throw new MissingUserException("name the Slurm user the jobs run as: this caller acts for "
                        + (caller.anySlurmUser() ? "any user" : caller.slurmUsers().isEmpty() ? "no user"
                        : "several users"));
            }
            user = caller.slurmUsers().iterator().next();
        } else if (!caller.maySubmitAs(user)) {
            throw new CallerNotAllowedException(caller.name() + " may not submit jobs as " + user);
        }
        return new NewChain(user, request.script(), request.args(), request.workingDirectory(),
                request.environment(), request.policy(), request.scriptArguments());
    }

    /** Equal for equal requests, whatever the order of the environment's entries. */
    static String fingerprint(NewChain request) {
        String canonical = String.join("\u0000", String.valueOf(request.user()), String.valueOf(request.script()),
                String.valueOf(request.args()), String.valueOf(request.workingDirectory()),
                String.valueOf(request.environment() == null ? null : new TreeMap<>(request.environment())),
                String.valueOf(request.policy()));
        if (request.scriptArguments() != null && !request.scriptArguments().isEmpty()) {
            // only when given, so that the fingerprints stored before script arguments existed stay the same
            // each with its length: ["a, b"] and ["a", "b"] differ
            canonical += "\u0000" + request.scriptArguments().stream().map(argument -> argument == null ? "-"
                    : argument.length() + ":" + argument).collect(java.util.stream.Collectors.joining(","));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<Chain> find(Caller caller, UUID id) {
        return chains.find(id).filter(chain -> caller.sees(chain.user()));
    }

    @Override
    public Optional<List<ChainEvent>> events(Caller caller, UUID id) {
        return find(caller, id).flatMap(chain -> chains.events(id));
    }

    @Override
    public List<Chain> list(Caller caller, String user, ChainState state, int limit) {
        if (caller.admin()) {
            return chains.list(user, state, limit);
        }
        if (user != null) {
            return caller.sees(user) ? chains.list(user, state, limit) : List.of();
        }
        // A caller acting for several users (an API key) sees all of theirs, merged newest first.
        List<Chain> merged = new ArrayList<>();
        for (String own : caller.slurmUsers()) {
            merged.addAll(chains.list(own, state, limit));
        }
        merged.sort(Comparator.comparing(Chain::createdAt).reversed());
        return merged.size() > limit ? merged.subList(0, limit) : merged;
    }

    @Override
    public List<Chain> search(Caller caller, ChainQuery query) {
        if (caller.admin()) {
            return chains.search(query);
        }
        Set<String> visible = query.users() == null ? caller.slurmUsers()
                : query.users().stream().filter(caller::sees).collect(Collectors.toSet());
        return visible.isEmpty() ? List.of() : chains.search(query.forUsers(visible));
    }

    @Override
    public Optional<Chain> cancel(Caller caller, UUID id) {
        return find(caller, id).flatMap(visible -> chains.cancel(id, caller.name()));
    }

    @Override
    public Optional<Chain> hold(Caller caller, UUID id) {
        return find(caller, id).flatMap(visible -> chains.hold(id, caller.name()));
    }

    @Override
    public Optional<Chain> resume(Caller caller, UUID id) {
        return find(caller, id).flatMap(visible -> chains.resume(id, caller.name()));
    }

    @Override
    public Optional<Chain> changePolicy(Caller caller, UUID id, PolicyRequest change) {
        return find(caller, id).flatMap(visible -> chains.changePolicy(id, change, caller.name()));
    }
}
