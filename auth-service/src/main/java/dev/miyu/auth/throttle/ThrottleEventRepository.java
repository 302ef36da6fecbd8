package dev.miyu.auth.throttle;

import dev.miyu.auth.throttle.ThrottleEvent.Kind;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ThrottleEventRepository implements PanacheRepositoryBase<ThrottleEvent, UUID> {

    /** The subject's newest events since the given instant, newest first, at most {@code limit}. */
    public Uni<List<ThrottleEvent>> newestSince(Kind kind, String subject, Instant since, int limit) {
        return find("kind = ?1 and subject = ?2 and occurredAt > ?3", Sort.descending("occurredAt"), kind, subject, since)
                .range(0, limit - 1)
                .list();
    }

    public Uni<Long> deleteAll(Kind kind, String subject) {
        return delete("kind = ?1 and subject = ?2", kind, subject);
    }

    public Uni<Long> deleteOlderThan(Instant cutoff) {
        return delete("occurredAt < ?1", cutoff);
    }
}
