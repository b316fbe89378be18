package io.longrun.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.application.port.in.NewChain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An idempotency key's request fingerprint: script arguments count, without changing older fingerprints. */
class CallerChainServiceFingerprintTest {

    static NewChain request(List<String> scriptArguments) {
        return new NewChain("alice", "#!/bin/bash\n", List.of("-t", "5"), "/home/alice", Map.of("A", "1"), null,
                scriptArguments);
    }

    @Test
    void noScriptArgumentsFingerprintsAsARequestFromBeforeThem() {
        String before = CallerChainService.fingerprint(new NewChain("alice", "#!/bin/bash\n", List.of("-t", "5"),
                "/home/alice", Map.of("A", "1"), null));
        assertThat(CallerChainService.fingerprint(request(null))).isEqualTo(before);
        assertThat(CallerChainService.fingerprint(request(List.of()))).isEqualTo(before);
    }

    @Test
    void differentScriptArgumentsAreADifferentRequest() {
        assertThat(CallerChainService.fingerprint(request(List.of("a, b"))))
                .isNotEqualTo(CallerChainService.fingerprint(request(List.of("a", "b"))))
                .isNotEqualTo(CallerChainService.fingerprint(request(List.of())));
        assertThat(CallerChainService.fingerprint(request(List.of("a", ""))))
                .isNotEqualTo(CallerChainService.fingerprint(request(List.of("a"))))
                .isEqualTo(CallerChainService.fingerprint(request(List.of("a", ""))));
    }
}
