package io.github.kcpartner.broker.mapper;

import java.util.List;
import org.keycloak.models.UserModel;

/**
 * Writes computed values to a user: email / first name / last name take the first value and are
 * left alone when there is none; any other attribute takes all values and is removed when there
 * is none (the source no longer has it).
 */
final class UserValues {

    private UserValues() {}

    static void write(UserModel user, AttributeMappingConfig config, List<String> values) {
        String field = config.userField();
        if (field != null) {
            if (values.isEmpty()) {
                return;
            }
            switch (field) {
                case "email" -> user.setEmail(values.get(0));
                case "firstName" -> user.setFirstName(values.get(0));
                default -> user.setLastName(values.get(0));
            }
            return;
        }
        String name = config.attributeName();
        if (values.isEmpty()) {
            if (user.getAttributeStream(name).findAny().isPresent()) {
                user.removeAttribute(name);
            }
        } else if (!values.equals(user.getAttributeStream(name).toList())) {
            user.setAttribute(name, values);
        }
    }
}
