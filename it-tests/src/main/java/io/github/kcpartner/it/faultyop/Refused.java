package io.github.kcpartner.it.faultyop;

import java.util.Objects;

/** Why a client's request, or a JWT it signed, is refused; the message names the reason. */
final class Refused extends Exception {

    private static final long serialVersionUID = 1L;

    Refused(String reason) {
        super(Objects.requireNonNull(reason), null, false, false);
    }
}
