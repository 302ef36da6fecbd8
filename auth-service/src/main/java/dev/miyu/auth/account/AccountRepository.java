package dev.miyu.auth.account;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    public Uni<Account> findByUsername(String username) {
        return find("username", username).firstResult();
    }

    public Uni<Integer> replaceVerifier(UUID accountId, String verifier) {
        return update("verifier = ?1 where id = ?2", verifier, accountId);
    }
}
