package dev.miyu.friends.rest;

import dev.miyu.friends.directory.SearchHit;

import java.util.Locale;
import java.util.UUID;

/** A search result; {@code relationship} is none|friend|requested|incoming from the searcher's point of view. */
public record UserResponse(String username, UUID userId, String relationship) {

    static UserResponse of(SearchHit hit) {
        return new UserResponse(hit.username(), hit.userId(), hit.relation().name().toLowerCase(Locale.ROOT));
    }
}
