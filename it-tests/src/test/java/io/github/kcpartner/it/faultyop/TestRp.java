package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browserless relying party: drives the {@link FaultyOp} with java.net.http, following nothing. */
final class TestRp {

    static final String REDIRECT_URI = "http://127.0.0.1:1/cb";

    /** How the authorization answer came back, and its parameters. */
    record Answer(String transport, Map<String, String> params) {
        String get(String name) {
            return params.get(name);
        }
    }

    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"/>");

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final FaultyOp op;

    TestRp(FaultyOp op) {
        this.op = op;
    }

    /** Sends an authorization request; {@code extra} adds or overrides parameters. */
    Answer authorize(RegisteredClient client, String responseType, String responseMode, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", client.clientId());
        params.put("redirect_uri", REDIRECT_URI);
        params.put("response_type", responseType);
        params.put("scope", "openid email profile");
        params.put("state", "st-123");
        params.put("nonce", "n-456");
        if (responseMode != null) {
            params.put("response_mode", responseMode);
        }
        params.putAll(extra);
        return authorize(params);
    }

    /** Sends an authorization request with exactly {@code params}; fails unless it redirects or form-posts. */
    Answer authorize(Map<String, String> params) {
        HttpResponse<String> response = authorizeResponse(params);
        if (response.statusCode() == 200) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = HIDDEN.matcher(response.body());
            while (m.find()) {
                fields.put(unescape(m.group(1)), unescape(m.group(2)));
            }
            return new Answer("form_post", fields);
        }
        if (response.statusCode() != 302) {
            throw new AssertionError("authorize answered " + response.statusCode() + ": " + response.body());
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        int hash = location.indexOf('#');
        if (hash >= 0) {
            return new Answer("fragment", decode(location.substring(hash + 1)));
        }
        return new Answer("query", decode(URI.create(location).getRawQuery()));
    }

    /** The OP's raw answer to an authorization request with exactly {@code params}. */
    HttpResponse<String> authorizeResponse(Map<String, String> params) {
        return get(URI.create(op.authorizationEndpoint() + "?" + Http.formEncode(params)));
    }

    /** POSTs {@code form} to {@code endpoint}, with client_secret_basic when {@code basic} is given. */
    HttpResponse<String> post(URI endpoint, Map<String, String> form, RegisteredClient basic) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-www-form-urlencoded");
        if (basic != null) {
            String pair = Http.encode(basic.clientId()) + ":" + Http.encode(basic.clientSecret());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(Http.formEncode(form)))
                .build());
    }

    Answer authorize(RegisteredClient client, String responseType) {
        return authorize(client, responseType, null, Map.of());
    }

    /** Redeems {@code code} at the token endpoint with the given client authentication. */
    HttpResponse<String> token(RegisteredClient client, String code, ClientAuth auth, String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(op.tokenEndpoint()).header("Content-Type", "application/x-www-form-urlencoded");
        if (auth == ClientAuth.CLIENT_SECRET_BASIC) {
            String pair = Http.encode(client.clientId()) + ":" + Http.encode(client.clientSecret());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else if (auth == ClientAuth.CLIENT_SECRET_POST) {
            form.put("client_id", client.clientId());
            form.put("client_secret", client.clientSecret());
        } else {
            form.put("client_id", client.clientId());
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(Http.formEncode(form)))
                .build());
    }

    /** The parsed JSON of a successful token response for {@code code} (client_secret_basic). */
    Map<String, Object> tokens(RegisteredClient client, String code) {
        HttpResponse<String> response = token(client, code, ClientAuth.CLIENT_SECRET_BASIC, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("token answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    HttpResponse<String> userinfo(String accessToken) {
        return send(HttpRequest.newBuilder(op.userinfoEndpoint())
                .header("Authorization", "Bearer " + accessToken)
                .GET()
                .build());
    }

    JWKSet jwks() {
        try {
            return JWKSet.parse(get(op.jwksUri()).body());
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET().build());
    }

    static Map<String, Object> json(String body) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            params.put(Http.decode(pair.substring(0, eq)), Http.decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
