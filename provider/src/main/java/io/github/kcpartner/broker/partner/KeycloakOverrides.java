package io.github.kcpartner.broker.partner;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks, by method signature, that every Keycloak method our broker relies on is really
 * overridden. A Keycloak release that changes one of those signatures (26.4 declares
 * {@code callback} with {@code IdentityProvider.AuthenticationCallback}, 26.7 with
 * {@code UserAuthenticationIdentityProvider.AuthenticationCallback}) would otherwise silently
 * route logins to Keycloak's own code, without any of our checks.
 *
 * <p>For each hook name, the overridable methods of that name in the Keycloak class and its
 * ancestors (interfaces included) must each be declared, with the same parameter types, by our class, and each of our
 * methods of that name must override one of them. For a JAX-RS endpoint, every resource method
 * of the Keycloak endpoint bound to the endpoint's own path must be overridden too, so no request
 * to the redirect URI can reach Keycloak's handler.
 */
final class KeycloakOverrides {

    private KeycloakOverrides() {}

    /** Problems found (empty when every hook is overridden), each naming the method. */
    static List<String> check(Class<?> ours, Class<?> keycloak, Set<String> hooks) {
        List<String> problems = new ArrayList<>();
        try {
            for (String hook : hooks) {
                Set<String> theirs = signatures(overridable(keycloak, hook));
                Set<String> mine = signatures(declared(ours, hook));
                if (theirs.isEmpty()) {
                    problems.add(keycloak.getSimpleName() + " has no method " + hook);
                }
                for (String signature : theirs) {
                    if (!mine.contains(signature)) {
                        problems.add(keycloak.getSimpleName() + "." + signature + " is not overridden by "
                                + ours.getSimpleName());
                    }
                }
                for (String signature : mine) {
                    if (!theirs.contains(signature)) {
                        problems.add(ours.getSimpleName() + "." + signature + " overrides nothing in "
                                + keycloak.getSimpleName());
                    }
                }
            }
        } catch (LinkageError e) {
            // a type named in one of our signatures does not exist in this Keycloak
            problems.add(ours.getSimpleName() + " refers to a type this Keycloak lacks: " + e.getMessage());
        }
        return problems;
    }

    /** Like {@link #check}, for the JAX-RS resource methods of the endpoint's own path. */
    static List<String> checkEndpoint(Class<?> ours, Class<?> keycloak) {
        try {
            Set<String> names = new LinkedHashSet<>();
            for (Class<?> c = keycloak; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (isRootResourceMethod(m)) {
                        names.add(m.getName());
                    }
                }
            }
            return check(ours, keycloak, names);
        } catch (LinkageError e) {
            return List.of(keycloak.getSimpleName() + " cannot be inspected: " + e.getMessage());
        }
    }

    private static boolean isRootResourceMethod(Method m) {
        if (m.isAnnotationPresent(Path.class)) {
            return false;
        }
        for (Annotation a : m.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    /** Methods of that name in the type, its superclasses and all their interfaces (default methods too). */
    private static List<Method> overridable(Class<?> type, String name) {
        List<Method> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Class<?> c : ancestry(type)) {
            for (Method m : c.getDeclaredMethods()) {
                int mod = m.getModifiers();
                if (m.getName().equals(name)
                        && !m.isBridge()
                        && !m.isSynthetic()
                        && !Modifier.isPrivate(mod)
                        && !Modifier.isStatic(mod)
                        && !Modifier.isFinal(mod)
                        && seen.add(signature(m))) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    private static Set<Class<?>> ancestry(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> c = todo.remove(0);
            if (c != null && c != Object.class && all.add(c)) {
                todo.add(c.getSuperclass());
                todo.addAll(Arrays.asList(c.getInterfaces()));
            }
        }
        return all;
    }

    private static List<Method> declared(Class<?> type, String name) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge() && !m.isSynthetic())
                .collect(Collectors.toList());
    }

    private static Set<String> signatures(List<Method> methods) {
        return methods.stream().map(KeycloakOverrides::signature).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String signature(Method m) {
        return m.getName()
                + Arrays.stream(m.getParameterTypes()).map(Class::getName).collect(Collectors.joining(", ", "(", ")"));
    }
}
