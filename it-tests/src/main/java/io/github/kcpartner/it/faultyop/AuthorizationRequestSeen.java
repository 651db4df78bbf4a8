package io.github.kcpartner.it.faultyop;

import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one authorization request, as received (first value of each), or those a
 * pushed {@code request_uri} or a signed {@code request} object resolved to.
 */
public record AuthorizationRequestSeen(Map<String, String> parameters) {

    public AuthorizationRequestSeen {
        parameters = Map.copyOf(parameters);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    public Optional<String> clientId() {
        return parameter("client_id");
    }

    public Optional<String> responseType() {
        return parameter("response_type");
    }

    public Optional<String> responseMode() {
        return parameter("response_mode");
    }

    public Optional<String> scope() {
        return parameter("scope");
    }

    public Optional<String> state() {
        return parameter("state");
    }

    public Optional<String> nonce() {
        return parameter("nonce");
    }

    public Optional<String> maxAge() {
        return parameter("max_age");
    }

    public Optional<String> acrValues() {
        return parameter("acr_values");
    }

    public Optional<String> claims() {
        return parameter("claims");
    }

    public Optional<String> prompt() {
        return parameter("prompt");
    }

    public Optional<String> loginHint() {
        return parameter("login_hint");
    }

    public Optional<String> codeChallenge() {
        return parameter("code_challenge");
    }

    public Optional<String> codeChallengeMethod() {
        return parameter("code_challenge_method");
    }
}
