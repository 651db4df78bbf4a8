package io.github.kcpartner.broker.partner;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * For the fragment response mode: a page that posts the parameters after '#' back to the same
 * redirect URI, where they are handled like form_post. It carries no data of its own.
 */
final class FragmentRelayPage {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Signing in</title></head>
            <body>
            <form id="relay" method="post"></form>
            <noscript>JavaScript is needed to finish signing in through the partner.</noscript>
            <script>
            (function () {
              var form = document.getElementById('relay');
              form.action = window.location.pathname;
              var params = new URLSearchParams(window.location.hash.substring(1));
              params.forEach(function (value, name) {
                var input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                form.appendChild(input);
              });
              history.replaceState(null, '', window.location.pathname);
              form.submit();
            })();
            </script>
            </body></html>
            """;

    private FragmentRelayPage() {}

    static Response response() {
        return Response.ok(PAGE, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
