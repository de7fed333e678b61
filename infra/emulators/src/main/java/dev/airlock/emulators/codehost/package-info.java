/**
 * A local stand-in for GitHub as Airlock's checkout step uses it, so the production token and clone
 * code runs unchanged on a developer machine and in tests.
 *
 * <h2>What it does</h2>
 *
 * <ul>
 *   <li>{@link dev.airlock.emulators.codehost.LocalCodeHost} runs Jetty on 127.0.0.1 with JGit's
 *       {@code GitServlet}: git smart HTTP (protocol v0 and v2) over every bare repository at
 *       {@code <root>/<owner>/<name>.git}. Upload-pack only; any commit reachable from a ref can be
 *       fetched by SHA, so a depth-1 fetch of a non-tip commit works as on GitHub.
 *   <li>Git access is HTTP Basic {@code x-access-token:<installation token>}: 401 with a Basic
 *       challenge for a missing, unknown, expired or revoked token; 404 for a repository the token
 *       does not cover (existence is not revealed); 403 for any push.
 *   <li>The token API at {@code /api/v3/} (GitHub Enterprise Server layout): {@code POST
 *       /app/installations/{id}/access_tokens} with an RS256 app JWT (checked with the JDK: {@code
 *       iss} = app id, {@code iat} at most 60 s ahead, {@code exp} in the future and at most 600 s
 *       after {@code iat}; other algorithms are refused), optional {@code repositories}, {@code
 *       repository_ids} and {@code permissions} (422 beyond the installation); {@code DELETE
 *       /installation/token}; {@code GET /app}, {@code GET /app/installations/{id}}, {@code GET
 *       /installation/repositories}.
 *   <li>Tokens ({@code ghs_} + 36 random characters) are held only as SHA-256 digests; {@link
 *       dev.airlock.emulators.codehost.TokenStats} counts them, and the request log records method,
 *       path, status and principal, never a header, query or body, and masks anything in a path
 *       shaped like a token or JWT.
 *   <li>Paths are refused before the file system unless they are plain {@code /segment/...} of
 *       {@code [A-Za-z0-9_.-]} without dot segments or encodings (404); targets that climb above
 *       {@code /} or carry an encoded NUL are refused by Jetty's parser itself (400). Repositories
 *       whose real path leaves the root (symlinks) are 404.
 *   <li>{@link dev.airlock.emulators.codehost.FixtureRepositories} and {@link
 *       dev.airlock.emulators.codehost.FixtureTree} build fixture repositories, including trees no
 *       honest client would write ({@code ..}, {@code .git}, case collisions, absolute symlinks,
 *       {@code file://} submodules), for hostile-repository tests.
 * </ul>
 *
 * <h2>What it does not model</h2>
 *
 * <ul>
 *   <li>TLS, SSH, the dumb HTTP protocol, Git LFS, push of any kind, and github.com's separate
 *       {@code api.github.com} host (use the API base URL as a GitHub Enterprise base URL).
 *   <li>Public repositories and anonymous reads (every repository is private), case-insensitive or
 *       renamed repository names, redirects, rate limits, pagination, secondary limits.
 *   <li>Installations with "all repositories" selection, suspended installations, account types,
 *       permissions other than {@code contents:read} and {@code metadata:read}, and the app's
 *       client id as JWT {@code iss}.
 *   <li>Persistence: installations and tokens live in memory and vanish on {@code close()}.
 *   <li>Webhook delivery: the host never calls Airlock; tests send webhook events themselves.
 * </ul>
 */
package dev.airlock.emulators.codehost;
