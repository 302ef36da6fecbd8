package dev.miyu.friends.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/friends/requests}: whom to ask. */
public record FriendRequestBody(
        @NotBlank
        @Size(max = Usernames.MAX_LENGTH)
        @Pattern(regexp = Usernames.PATTERN, message = Usernames.PATTERN_MESSAGE)
        String to) {
}
