package io.watchtower.runtime.api;

/**
 * A bearer token of the API.
 *
 * @param name who holds it; written to the audit log
 * @param scope what it may do
 * @param secret the token, read from its file
 */
public record ApiToken(String name, Scope scope, String secret) {

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", scope=" + scope + ", secret=***]";
    }
}
