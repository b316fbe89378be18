#!/usr/bin/env python3
"""Reduce slurmrestd's full OpenAPI document to the v0.0.42 API.

Keeps the paths under /slurm/v0.0.42/ and /slurmdb/v0.0.42/, the components they
reach through $ref (transitively), the security schemes named by any kept
`security` requirement and the tags used by the kept operations. Writes pretty-
printed JSON with sorted keys so that a new capture gives a readable diff.

One normalisation: slurmrestd writes `"required": []` in many schemas, which
OpenAPI 3.0's JSON Schema forbids (minItems 1); an empty list means the same as
no list, so such entries are dropped and the output validates as OpenAPI 3.0.

usage: filter-spec.py RAW.json OUT.json [--version v0.0.42]
Python 3 standard library only.
"""
import argparse
import json
import sys

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def iter_refs(node):
    """Yield every $ref string found anywhere below node."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            ref = cur.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)


def parse_ref(ref):
    """'#/components/schemas/x' -> ('schemas', 'x'); other refs are errors."""
    prefix = "#/components/"
    if not ref.startswith(prefix):
        raise ValueError(f"unsupported $ref (not local to components): {ref}")
    parts = ref[len(prefix):].split("/")
    if len(parts) != 2:
        raise ValueError(f"unsupported $ref shape: {ref}")
    # JSON pointer unescaping
    return parts[0], parts[1].replace("~1", "/").replace("~0", "~")


def filter_spec(spec, version):
    prefixes = (f"/slurm/{version}/", f"/slurmdb/{version}/")
    paths = {p: v for p, v in spec.get("paths", {}).items() if p.startswith(prefixes)}
    if not paths:
        raise ValueError(f"no path starts with {' or '.join(prefixes)}")

    components = spec.get("components", {})
    kept = {}  # section -> {name: object}
    todo = list(iter_refs(paths))
    seen = set()
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        section, name = parse_ref(ref)
        try:
            obj = components[section][name]
        except KeyError:
            raise ValueError(f"dangling $ref in the raw spec: {ref}") from None
        kept.setdefault(section, {})[name] = obj
        todo.extend(iter_refs(obj))

    # security requirements (by name, not $ref): global and per operation
    requirements = list(spec.get("security", []))
    tags_used = set()
    for item in paths.values():
        for method, op in item.items():
            if method in HTTP_METHODS and isinstance(op, dict):
                requirements.extend(op.get("security", []))
                tags_used.update(op.get("tags", []))
    scheme_names = {name for req in requirements for name in req}
    schemes = components.get("securitySchemes", {})
    missing = scheme_names - schemes.keys()
    if missing:
        raise ValueError(f"security requirements name unknown schemes: {sorted(missing)}")
    if scheme_names:
        kept["securitySchemes"] = {n: schemes[n] for n in scheme_names}

    out = {k: v for k, v in spec.items() if k not in ("paths", "components", "tags")}
    out["paths"] = paths
    out["components"] = kept
    if "tags" in spec:
        out["tags"] = [t for t in spec["tags"] if t.get("name") in tags_used]
    return out


def drop_empty_required(node):
    """Remove every `"required": []` (invalid in OpenAPI 3.0, same meaning as absent)."""
    if isinstance(node, dict):
        if node.get("required") == []:
            del node["required"]
        for v in node.values():
            drop_empty_required(v)
    elif isinstance(node, list):
        for v in node:
            drop_empty_required(v)


def check_refs(doc):
    """Every $ref of doc must resolve inside doc."""
    comps = doc.get("components", {})
    bad = []
    for ref in set(iter_refs(doc)):
        section, name = parse_ref(ref)
        if name not in comps.get(section, {}):
            bad.append(ref)
    if bad:
        raise ValueError(f"unresolved $refs: {sorted(bad)[:20]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("raw")
    ap.add_argument("out")
    ap.add_argument("--version", default="v0.0.42")
    args = ap.parse_args()
    with open(args.raw, encoding="utf-8") as f:
        spec = json.load(f)
    if not str(spec.get("openapi", "")).startswith("3.0"):
        raise SystemExit(f"expected an OpenAPI 3.0 document, got openapi={spec.get('openapi')!r}")
    out = filter_spec(spec, args.version)
    drop_empty_required(out)
    check_refs(out)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    counts = {k: len(v) for k, v in out["components"].items()}
    print(f"{args.out}: {len(out['paths'])} paths, components {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
