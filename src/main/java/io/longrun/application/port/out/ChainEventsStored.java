package io.longrun.application.port.out;

import io.longrun.domain.ChainEvent;
import java.util.List;

/** Published by the repository when a save stored new events (listeners run after the commit). */
public record ChainEventsStored(List<ChainEvent> events) {
    public ChainEventsStored {
        events = List.copyOf(events);
    }
}
