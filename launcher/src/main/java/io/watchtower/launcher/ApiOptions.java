package io.watchtower.launcher;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --api URL [--token-file FILE]}, for the commands that talk to a running daemon's API
 * ({@code query}, {@code silence}, {@code feedback}).
 */
final class ApiOptions {

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://127.0.0.1:9477",
            description = "the daemon's API (default: ${DEFAULT-VALUE})")
    String api;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "a file holding a bearer token (admin scope for feedback and to add or expire silences)")
    Path tokenFile;

    /** @return a client of the API these options name */
    ApiClient client() {
        return new ApiClient(api, tokenFile);
    }
}
