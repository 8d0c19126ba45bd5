vcl 4.1;
#
# Caskade's VCL for Varnish 7: the CDN layer in front of an origin on Caskade.
#
#  * TTL: Varnish's own rule, s-maxage first, then max-age (the origin derives both from the
#    entry's remaining fresh time).
#  * stale-while-revalidate -> grace: a stale copy inside it is served at once and refreshed by one
#    background fetch.
#  * stale-if-error -> the rest of grace plus keep: past stale-while-revalidate a stale copy is only
#    served while the origin is down (probe sick) or failing (5xx, connection refused); keep also
#    lets Varnish refetch conditionally (If-None-Match), answered 304 by the origin.
#  * concurrent misses of one object are coalesced into one backend fetch (Varnish's waiting list;
#    nothing here makes them hit-for-pass).
#  * PURGE with xkey-purge / xkey-softpurge purges by surrogate key (vmod xkey, varnish-modules);
#    PURGE without them purges the URL. Only from the purgers ACL.
#
# Edit the backend (host, port, probe URL) for your origin; CaskadeVcl.render(...) does it in code.

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 3.5s;
    .first_byte_timeout = 10s;
    .probe = {
        .url = "/healthz";
        .interval = 1s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
        .initial = 3;
    }
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.restarts == 0) {
        unset req.http.X-Caskade-Revalidate;
        unset req.http.X-Caskade-Stale-Ok;
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.X-Purged));
        }
        if (req.http.xkey-softpurge) {
            set req.http.X-Purged = xkey.softpurge(req.http.xkey-softpurge);
            return (synth(200, "Soft-purged " + req.http.X-Purged));
        }
        return (purge);
    }
    if (req.http.X-Caskade-Revalidate) {
        # Past stale-while-revalidate with a healthy origin: only a fresh copy will do.
        set req.grace = 0s;
    } else if (req.restarts > 0) {
        set req.grace = 3650d; # req.grace survives a restart: no cap but the object's grace
    }
}

sub vcl_hit {
    if (obj.ttl >= 0s || req.http.X-Caskade-Stale-Ok) {
        return (deliver);
    }
    if (obj.ttl + std.duration(obj.http.X-Caskade-SWR, 0s) > 0s) {
        return (deliver); # stale-while-revalidate: served now, one background fetch
    }
    if (!std.healthy(req.backend_hint)) {
        return (deliver); # stale-if-error: the origin is down
    }
    set req.http.X-Caskade-Revalidate = "1";
    return (restart);
}

sub vcl_backend_response {
    if (beresp.status >= 500) {
        # Keep the stale copy: a background fetch is dropped; a foreground one becomes a 503 that
        # vcl_synth turns into the stale copy when stale-if-error allows it.
        return (abandon);
    }
    set beresp.http.X-Caskade-SWR = "0s";
    set beresp.http.X-Caskade-SIE = "0s";
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.http.X-Caskade-SWR = regsub(beresp.http.Cache-Control,
            "^.*stale-while-revalidate=([0-9]+).*$", "\1s");
    }
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.http.X-Caskade-SIE = regsub(beresp.http.Cache-Control,
            "^.*stale-if-error=([0-9]+).*$", "\1s");
    }
    set beresp.grace = std.duration(beresp.http.X-Caskade-SWR, 0s);
    if (std.duration(beresp.http.X-Caskade-SIE, 0s) > beresp.grace) {
        set beresp.grace = std.duration(beresp.http.X-Caskade-SIE, 0s);
    }
    set beresp.keep = std.duration(beresp.http.X-Caskade-SIE, 0s);
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
            || beresp.http.Vary == "*") {
        return (pass(10s)); # hit-for-pass, briefly: Varnish's built-in rule, shorter
    }
    if (beresp.ttl < 0s) {
        set beresp.ttl = 0s;
    }
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
    # Never let the error object shadow a stale copy that stale-if-error may still serve.
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.keep = 0s;
}

sub caskade_serve_stale_on_error {
    if (resp.status >= 500 && req.http.X-Caskade-Revalidate && !req.http.X-Caskade-Stale-Ok
            && req.method != "PURGE") {
        unset req.http.X-Caskade-Revalidate;
        set req.http.X-Caskade-Stale-Ok = "1";
        return (restart);
    }
}

sub vcl_synth {
    call caskade_serve_stale_on_error;
}

sub vcl_deliver {
    call caskade_serve_stale_on_error;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.X-Caskade-SWR;
    unset resp.http.X-Caskade-SIE;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
