package io.github.kcpartner.broker.mapper;

/** A mapper configuration that cannot work; the message is the admin message key of the problem. */
final class AttributeMappingConfigException extends RuntimeException {

    AttributeMappingConfigException(String messageKey) {
        super(messageKey, null, false, false);
    }

    String messageKey() {
        return getMessage();
    }
}
