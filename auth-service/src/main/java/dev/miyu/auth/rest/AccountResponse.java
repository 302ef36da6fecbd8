package dev.miyu.auth.rest;

import dev.miyu.auth.account.Account;

import java.util.UUID;

/** An account as the register and me endpoints show it. */
public record AccountResponse(UUID userId, String username) {

    static AccountResponse of(Account account) {
        return new AccountResponse(account.id(), account.username());
    }
}
