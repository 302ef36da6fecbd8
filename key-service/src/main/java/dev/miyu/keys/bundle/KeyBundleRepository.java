package dev.miyu.keys.bundle;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class KeyBundleRepository implements PanacheRepository<KeyBundle> {

    public Uni<KeyBundle> findVersion(UUID userId, int version) {
        return find("userId = ?1 and version = ?2", userId, version).firstResult();
    }

    public Uni<List<KeyBundle>> history(UUID userId) {
        return list("userId", Sort.by("version"), userId);
    }
}
