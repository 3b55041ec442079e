package dev.weft.connector.wordpress;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;

/**
 * The {@code wordpress} connector: a WordPress site's REST API ({@code wp/v2}): posts and pages, media
 * uploaded from the blob store, users, categories and tags, and a trigger for posts created or changed. A
 * system holds the site's address; its credential is HTTP Basic with an application password. Thread-safe;
 * creating it starts nothing.
 */
@AutoService(Connector.class)
public final class WordPressConnector implements Connector {
    private static final ConnectorSpec SPEC;

    static {
        ConnectorSpec.Builder b = ConnectorSpec.builder("wordpress", "0.1.0")
                .title("WordPress")
                .description(
                        "A WordPress site through its REST API (`wp/v2`, WordPress 5.7 and later): posts and"
                                + " pages (list with WordPress's totals, read, create, update, trash or delete), media"
                                + " uploaded from the blob store, users (list, read, create), categories and tags, and"
                                + " `wordpress.changed` for posts or pages created or changed. The credential is a basic"
                                + " credential: the WordPress username and an application password of that user (Users →"
                                + " Profile → Application Passwords; WordPress 5.6 and later, over HTTPS unless the site is"
                                + " local), never the login password. What the user may do is what its role allows."
                                + " WordPress's errors are typed: `wordpress.invalid` names the refused fields (from"
                                + " `rest_invalid_param`), `wordpress.unauthorized`, `wordpress.forbidden`,"
                                + " `wordpress.not_found`, `wordpress.rate_limited` (a 429 from a plugin or host, with its"
                                + " `Retry-After`), `wordpress.unavailable` (5xx, retryable). Tested against a real"
                                + " WordPress 6.1 (Debian 12's package, REST API wp/v2) with application passwords, not a"
                                + " replay (scripts/wordpress-test-server); its 429 comes from a test plugin, since"
                                + " WordPress itself has no rate limit.")
                .config(Operations
                        .parse("""
                                {"type": "object", "required": ["baseUrl"], "additionalProperties": false, "properties": {
                                  "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://",
                                              "description": "the site's address, for example https://blog.example.com (without /wp-json)"},
                                  "plainPermalinks": {"type": "boolean", "default": false,
                                                      "description": "true for a site without pretty permalinks: requests go to ?rest_route=/wp/v2/... instead of /wp-json/wp/v2/..."}}}"""))
                .credentials(CredentialType.BASIC)
                .credentialRequired();
        Operations.ALL.forEach(op -> b.operation(op.spec()));
        b.trigger(ChangedTrigger.SPEC);
        SPEC = b.build();
    }

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        String baseUrl = JsonApi.baseUrl(context, "wordpress", "the WordPress site's address");
        var plain = context.config().get("plainPermalinks");
        if (plain != null && !plain.isBoolean()) {
            throw ConnectorException.permanent("wordpress.config",
                    "config.plainPermalinks: true or false, but was "
                            + plain,
                    null, null);
        }
        return new WordPressClient(context, baseUrl.replaceAll("/wp-json$", ""),
                plain != null && plain.asBoolean());
    }
}
