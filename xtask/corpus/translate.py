#!/usr/bin/env python3
"""Translates Slack's published descriptions of its admin.* methods into this repository's
spec format, for the corpus test (tests/fixtures/corpus/slack_admin.yaml).

Input: the docs.slack.dev/methods/admin.*.json files of slack-ruby/slack-api-ref, given as
a folder. Output: one spec on stdout.

Only facts cross over: method, argument and field names, types and shapes, bounds,
defaults, error codes, tiers and scopes. Every description, summary and example in the
output is a neutral placeholder written here, never Slack's text, and examples are
dropped. The translation is mechanical; its rules, each in one place below:

- `token` is dropped (the client sends it as a header).
- `schema: <name>` (a few entries spell it `$schema`) without a `type` names one of Slack's shared schemas, which the
  source does not define. Names of identifiers (`*_id`, `channel`, `ts`, `date`) become
  strings; any other name becomes a schema without a type, which is any JSON value.
- JSON Schema's `oneOf: [T, {type: null}]` becomes `T` with `nullable: true`; other
  `oneOf`s are kept, and the generator reports them.
- `patternProperties` and `additionalProperties` (a schema, or `false`) are kept, their
  schemas translated like any other.
- An argument list of scalars gets `{style: form, explode: false}` in the form body.
- The JSON body is listed only when `json_input_supported` is true.
- `rate_limits: tN` is tier N; "N requests per minute with a burst allowance of M" is
  `x-slack-rate-limit: {per-minute: N, burst: M}`.
- A method is idempotent when every scope it needs is a `:read` scope.
- Error categories follow the code's wording (table in `category`).
"""

import json
import os
import re
import sys

import yaml

ID_SCHEMAS = re.compile(r"^(.*_id|channel|ts|date)$")
KEEP = ("type", "format", "minimum", "maximum", "minItems", "maxItems", "uniqueItems", "enum", "default", "nullable")


def category(code):
    """The spec category of an error code, from its wording."""
    if code in ("not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired"):
        return "authentication"
    if code == "ratelimited":
        return "rate-limited"
    if code in ("method_deprecated", "deprecated_endpoint", "unknown_method", "endpoint_unavailable"):
        return "deprecated"
    if code in ("internal_error", "fatal_error", "service_unavailable", "request_timeout") or code.startswith(
        ("failed_", "could_not_", "unable_to_", "error_adding", "error_removing", "error_unpublishing")
    ):
        return "slack-failure"
    if (
        code in ("missing_scope", "not_an_admin", "not_an_owner", "is_bot", "ekm_access_denied", "access_denied")
        or code.startswith(("not_allowed", "no_perms", "not_permitted", "permission_denied", "restricted_"))
        or code.endswith(("_not_enabled", "_disabled", "_not_allowed", "_unauthorized", "_only"))
        or code in ("feature_not_enabled", "feature_not_available", "not_enabled", "not_an_enterprise")
    ):
        return "permission"
    if code.endswith(("_not_found", "_already_deleted", "_is_deactivated", "_is_bot")) or code.startswith(
        ("cannot_", "cant_", "already_", "user_is_", "channel_is_", "no_active_")
    ):
        return "target"
    return "invalid-request"


def stem_words(method):
    """`admin.users.session.resetBulk` -> `admin_users_session_reset_bulk`."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", method).replace(".", "_").lower()


def type_stem(method):
    return "".join(part[:1].upper() + part[1:] for part in stem_words(method).split("_"))


def schema(source, name, what, is_argument):
    """One schema: facts kept, descriptions replaced, unknown keys dropped."""
    if not isinstance(source, dict):
        return {}
    one_of = source.get("oneOf")
    if isinstance(one_of, list):
        kinds = [s for s in one_of if not (isinstance(s, dict) and s.get("type") == "null")]
        if len(kinds) == 1 and len(one_of) == 2:
            merged = dict(kinds[0])
            merged.setdefault("desc", source.get("desc"))
            out = schema(merged, name, what, is_argument)
            out["nullable"] = True
            return out
    if "$schema" in source and "schema" not in source:
        # A few entries spell the shared-schema key `$schema`; it means the same.
        source = dict(source, schema=source["$schema"])
    out = {}
    if "desc" in source and source["desc"] is not None:
        out["description"] = f"The `{name}` {what}."
    if "type" not in source and isinstance(source.get("schema"), str):
        if ID_SCHEMAS.match(source["schema"]):
            out["type"] = "string"
    for key in KEEP:
        if key in source:
            value = source[key]
            if key == "type" and not isinstance(value, str):
                continue
            out[key] = value
    if isinstance(one_of, list):
        out["oneOf"] = [schema(s, name, what, is_argument) for s in one_of]
    if "items" in source:
        out["items"] = schema(source["items"], name, "item", is_argument)
    if isinstance(source.get("properties"), dict):
        out["properties"] = {k: schema(v, k, "field", is_argument) for k, v in source["properties"].items()}
    if "required" in source:
        out["required"] = list(source["required"])
    patterns = source.get("patternProperties")
    if isinstance(patterns, dict):
        out["patternProperties"] = {k: schema(v, name, "entry", is_argument) for k, v in patterns.items()}
    additional = source.get("additionalProperties")
    if isinstance(additional, dict):
        out["additionalProperties"] = schema(additional, name, "entry", is_argument)
    elif additional is False:
        out["additionalProperties"] = False
    return out


def rate_limit(text):
    tier = re.fullmatch(r"t([1-4])", text or "")
    if tier:
        return {"x-slack-rate-limit-tier": int(tier.group(1))}
    per_minute = re.fullmatch(r"(\d+) requests per minute(?: with a burst allowance of (\d+))?\.?", text or "")
    if per_minute:
        limit = {"per-minute": int(per_minute.group(1))}
        if per_minute.group(2):
            limit["burst"] = int(per_minute.group(2))
        return {"x-slack-rate-limit": limit}
    return {"x-slack-rate-limit-tier": text}


def method(name, data, schemas):
    stem = type_stem(name)
    args = schema(data.get("args") or {}, name, "arguments", True)
    properties = {k: v for k, v in (args.get("properties") or {}).items() if k != "token"}
    required = [r for r in args.get("required") or [] if r != "token"]
    request = {"type": "object", "description": f"The arguments of `{name}`.", "properties": properties}
    if required:
        request["required"] = required
    response = schema(data.get("output") or {}, name, "response", False)
    response["description"] = f"The answer of `{name}`."
    schemas[f"{stem}Request"] = request
    schemas[f"{stem}Response"] = response
    ref = {"$ref": f"#/components/schemas/{stem}Request"}
    scalar_lists = [
        k for k, v in properties.items()
        if v.get("type") == "array" and isinstance(v.get("items"), dict) and v["items"].get("type") not in (None, "object", "array")
    ]
    form = {"schema": dict(ref)}
    if scalar_lists:
        form["encoding"] = {k: {"style": "form", "explode": False} for k in scalar_lists}
    content = {"application/x-www-form-urlencoded": form}
    if data.get("json_input_supported"):
        content["application/json"] = {"schema": dict(ref)}
    scopes = [s for group in (data.get("scope") or {}).values() for s in group]
    operation = {
        "operationId": stem_words(name),
        "summary": f"The `{name}` method.",
        "description": f"Slack's `{name}` method.",
        "externalDocs": {"url": f"https://docs.slack.dev/reference/methods/{name}"},
        "tags": [".".join(name.split(".")[:2])],
        "security": [{"slackUserToken": scopes}],
    }
    operation.update(rate_limit(data.get("rate_limits")))
    operation["x-slack-idempotent"] = bool(scopes) and all(s.endswith(":read") for s in scopes)
    operation["requestBody"] = {"required": bool(required), "content": content}
    operation["responses"] = {
        "200": {
            "description": "Success.",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{stem}Response"}}},
        },
        "default": {"$ref": "#/components/responses/SlackError"},
    }
    operation["x-slack-errors"] = [
        {"code": code, "category": category(code), "description": f"Slack's `{code}` error."}
        for code in (data.get("errors") or {})
    ]
    return {"post": operation}


def main(folder):
    names = sorted(f[: -len(".json")] for f in os.listdir(folder) if f.startswith("admin.") and f.endswith(".json"))
    schemas = {
        "ResponseMetadata": {
            "type": "object",
            "description": "Extra information Slack may attach to any answer.",
            "properties": {"next_cursor": {"type": "string", "description": "The next page's cursor."}},
        },
        "ErrorResponse": {
            "type": "object",
            "description": "The body Slack sends when a call fails.",
            "required": ["ok", "error"],
            "properties": {
                "ok": {"type": "boolean", "description": "Always false here."},
                "error": {"type": "string", "description": "The error code."},
            },
        },
    }
    paths = {}
    for name in names:
        with open(os.path.join(folder, name + ".json"), encoding="utf-8") as file:
            paths["/" + name] = method(name, json.load(file), schemas)
    spec = {
        "openapi": "3.0.3",
        "info": {
            "title": "Slack admin.* corpus",
            "version": "1.0.0",
            "description": "Slack's admin methods, translated mechanically by xtask/corpus/translate.py.",
        },
        "servers": [{"url": "https://slack.com/api"}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "slackUserToken": {"type": "http", "scheme": "bearer", "description": "A user token."}
            },
            "responses": {
                "SlackError": {
                    "description": "Slack's failure envelope.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
                }
            },
            "schemas": schemas,
        },
    }
    sys.stdout.write("# Generated by xtask/corpus/translate.py from slack-ruby/slack-api-ref; do not edit.\n")
    sys.stdout.write(yaml.safe_dump(spec, sort_keys=False, width=120, allow_unicode=True))


if __name__ == "__main__":
    main(sys.argv[1])
