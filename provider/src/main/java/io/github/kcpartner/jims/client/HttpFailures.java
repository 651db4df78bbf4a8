package io.github.kcpartner.jims.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;

/** Maps I/O exceptions and HTTP status codes to the short texts shown in the server status. */
final class HttpFailures {

    private HttpFailures() {}

    static String describe(IOException e) {
        if (e instanceof ConnectTimeoutException) {
            return "Connect timed out";
        }
        if (e instanceof ConnectionPoolTimeoutException) {
            return "Connection pool exhausted";
        }
        if (e instanceof SocketTimeoutException) {
            return "Read timed out";
        }
        if (e instanceof ConnectException) {
            return "Connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "Unknown host";
        }
        if (e instanceof SSLException) {
            return "TLS error: " + shorten(e.getMessage());
        }
        if (e instanceof NoHttpResponseException) {
            return "No response";
        }
        if (e instanceof SocketException) {
            return "Connection error: " + shorten(e.getMessage());
        }
        return "I/O error: " + e.getClass().getSimpleName();
    }

    static String status(int code) {
        String text = switch (code) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP";
        };
        return text + " (" + code + ")";
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
