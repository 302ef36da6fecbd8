package dev.miyu.auth.signing;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class StoredKeyRepository implements PanacheRepositoryBase<StoredKey, String> {

    public Uni<StoredKey> newest() {
        return findAll(Sort.descending("generation")).firstResult();
    }

    /** Retires every older generation that is not retired yet. */
    public Uni<Integer> retireAllBefore(int generation, Instant now) {
        return update("retiredAt = ?1 where generation < ?2 and retiredAt is null", now, generation);
    }

    public Uni<List<StoredKey>> listPublished(Instant retiredAfter) {
        return list("retiredAt is null or retiredAt > ?1", Sort.ascending("generation"), retiredAfter);
    }

    public Uni<Long> deleteRetiredBefore(Instant cutoff) {
        return delete("retiredAt <= ?1", cutoff);
    }
}
