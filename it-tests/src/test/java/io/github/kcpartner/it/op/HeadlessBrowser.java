package io.github.kcpartner.it.op;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the user agent through the OP with java.net.http: follows redirects by hand, fills the
 * OP's login form, submits form_post pages, and stops once the redirect_uri was reached.
 */
final class HeadlessBrowser {

    /** Where the flow ended: the last Location towards the redirect_uri (fragment included), or null for form_post. */
    record Arrival(URI location) {

        Map<String, String> fragmentParams() {
            return Forms.parse(location.getRawFragment());
        }
    }

    private static final Pattern LOGIN_FORM =
            Pattern.compile("<form id=\"login-form\" method=\"post\" action=\"([^\"]+)\"");
    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");
    private static final Pattern HIDDEN_INPUT =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"/>");
    private static final int MAX_STEPS = 20;

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    Arrival authorize(URI authorizationRequest, String redirectUri, String login, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(authorizationRequest).GET().build());
        for (int step = 0; step < MAX_STEPS; step++) {
            URI current = response.uri();
            String location = response.headers().firstValue("Location").orElse(null);
            if (location != null) {
                URI next = current.resolve(location);
                if (next.toString().startsWith(redirectUri)) {
                    send(HttpRequest.newBuilder(withoutFragment(next)).GET().build());
                    return new Arrival(next);
                }
                response = send(HttpRequest.newBuilder(next).GET().build());
                continue;
            }
            String body = response.body();
            Matcher loginForm = LOGIN_FORM.matcher(body);
            if (response.statusCode() == 200 && loginForm.find()) {
                if (body.contains("id=\"login-error\"")) {
                    throw new AssertionError("login refused by the OP: " + body);
                }
                Map<String, String> form = Map.of("login", login, "password", password);
                response = postForm(current.resolve(unescape(loginForm.group(1))), form);
                continue;
            }
            // Self-submitting forms: form_post responses, and the OP's "end the other user's session
            // first" page when another account logs in within the same OP session.
            Matcher autoForm = FORM_ACTION.matcher(body);
            if (response.statusCode() == 200 && autoForm.find()) {
                Map<String, String> inputs = new LinkedHashMap<>();
                Matcher input = HIDDEN_INPUT.matcher(body);
                while (input.find()) {
                    inputs.put(input.group(1), unescape(input.group(2)));
                }
                URI action = current.resolve(unescape(autoForm.group(1)));
                HttpResponse<String> submitted = postForm(action, inputs);
                if (action.toString().startsWith(redirectUri)) {
                    return new Arrival(null);
                }
                response = submitted;
                continue;
            }
            throw new AssertionError("unexpected page at " + current + ": HTTP " + response.statusCode() + "\n" + body);
        }
        throw new AssertionError("too many redirects from " + authorizationRequest);
    }

    private HttpResponse<String> postForm(URI uri, Map<String, String> form) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Forms.encode(form)))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI withoutFragment(URI uri) {
        String text = uri.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? uri : URI.create(text.substring(0, hash));
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&#34;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#60;", "<")
                .replace("&#62;", ">")
                .replace("&#38;", "&")
                .replace("&amp;", "&");
    }
}
