# Varnish in front of gunicorn: keeps anonymous pages, never anything with a session.
# Placeholders (@@NAME@@) are filled in by deploy/README.md's install step or scripts/stack.sh.
#
# Invalidation (see portal/frontend_cache.py and deploy/README.md, "HTTP cache"):
#   PURGE <path>            from Wagtail's frontend cache app when a page is published, unpublished
#                           or moved: drops that path of that host, with any query string.
#   BAN / + X-Ban-Url: <re> from portal/frontend_cache.py when a contact, organisation, role, implementation status or
#                           national note changes: drops every path of that host matching <re>.
# Both are bans on two headers stored with each object (X-Host, X-Url), so Varnish's ban lurker
# can clear them in the background; no vmod is needed (Debian's varnish is enough).
vcl 4.1;

backend portal {
    .host = "@@APP_HOST@@";
    .port = "@@APP_PORT@@";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 10s;
}

# Only the application hosts may purge; nginx refuses the PURGE and BAN methods from outside.
acl purgers {
    "127.0.0.1";
    "::1";
    @@PURGE_ACL@@
}

sub vcl_recv {
    # One cached copy per tenant host, whatever port the client wrote in Host.
    set req.http.X-Cache-Host = regsub(req.http.host, ":[0-9]+$", "");

    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN") {
            if (!req.http.X-Ban-Url) {
                return (synth(400, "X-Ban-Url missing"));
            }
            ban("obj.http.X-Host == " + req.http.X-Cache-Host + " && obj.http.X-Url ~ " + req.http.X-Ban-Url);
            return (synth(200, "Banned"));
        }
        # The path as a regular expression (metacharacters escaped), then any query string.
        ban("obj.http.X-Host == " + req.http.X-Cache-Host + " && obj.http.X-Url ~ ^"
            + regsuball(regsub(req.url, "\?.*$", ""), "([.+*?()\[\]{}|^$\\])", "\\\1") + "(\?|$)");
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, logging in and out, and anyone with a session: never from the cache.
    if (req.url ~ "^/admin/" || req.url ~ "^/[^/]+/log(in|out)/" || req.http.Authorization
        || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Anonymous: other cookies (csrftoken, language) do not change a cacheable answer; a response
    # that depends on them sets a cookie or carries no public Cache-Control and is not kept.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.X-Cache-Host);
    return (lookup);
}

sub vcl_backend_response {
    set beresp.http.X-Host = bereq.http.X-Cache-Host;
    set beresp.http.X-Url = bereq.url;
    # Only what the portal marked public (portal.middleware.AnonymousCacheMiddleware, the API,
    # static views); redirects, errors and personal pages carry no such header and pass through.
    if (beresp.http.Set-Cookie || !beresp.http.Cache-Control
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)" || beresp.status >= 500) {
        set beresp.uncacheable = true;
        set beresp.ttl = 30s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.X-Host;
    unset resp.http.X-Url;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
