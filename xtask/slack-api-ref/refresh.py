#!/usr/bin/env python3
"""Refreshes spec/slack-api-ref/, the pinned copy of Slack's published method data that
`cargo xtask spec-diff` compares the spec with.

Usage:

    git clone https://github.com/slack-ruby/slack-api-ref /tmp/slack-api-ref
    python3 xtask/slack-api-ref/refresh.py /tmp/slack-api-ref [REV]

The source may be a checkout or a bare clone; REV defaults to HEAD. Everything is read
through `git`, so the copy is exactly the commit named in SOURCE, whatever the work tree
holds. The script writes, replacing what was there:

- methods/<method>.json: docs.slack.dev/methods/<method>.json, byte for byte, for every
  method in the spec (a method Slack no longer publishes gets no file, and spec-diff
  reports it);
- common-errors.json: methods/_errors/common.json, the errors slack-api-ref adds to
  every method, since Slack's method pages list only each method's own codes;
- index.txt: the name of every method under docs.slack.dev/methods, one a line, so
  that spec-diff can tell when Slack adds a method beside the spec's;
- LICENSE.md: slack-api-ref's license (MIT), which a copy has to carry;
- SOURCE: the repository, commit and commit date.

Only the spec's paths are read from the spec, so adding a method to the spec and running
this script is all it takes to vendor its data.
"""

import os
import subprocess
import sys

import yaml

REPO_URL = "https://github.com/slack-ruby/slack-api-ref"
METHODS = "docs.slack.dev/methods"


def git(source, *args):
    return subprocess.run(["git", "-C", source, *args], check=True, capture_output=True).stdout


def spec_methods(root):
    with open(os.path.join(root, "spec", "admin.users.session.yaml"), encoding="utf-8") as file:
        spec = yaml.safe_load(file)
    return sorted(path.lstrip("/") for path in spec["paths"])


def main(source, rev="HEAD"):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = os.path.join(root, "spec", "slack-api-ref")
    commit = git(source, "rev-parse", rev + "^{commit}").decode().strip()
    date = git(source, "show", "-s", "--format=%cI", commit).decode().strip()
    listing = git(source, "ls-tree", "--name-only", commit, METHODS + "/").decode().split()
    published = sorted(os.path.basename(p)[: -len(".json")] for p in listing if p.endswith(".json"))
    os.makedirs(os.path.join(out, "methods"), exist_ok=True)
    for name in os.listdir(os.path.join(out, "methods")):
        os.remove(os.path.join(out, "methods", name))
    for method in spec_methods(root):
        if method in published:
            data = git(source, "show", f"{commit}:{METHODS}/{method}.json")
            with open(os.path.join(out, "methods", method + ".json"), "wb") as file:
                file.write(data)
        else:
            print(f"warning: Slack publishes no {method}; spec-diff will report it", file=sys.stderr)
    with open(os.path.join(out, "common-errors.json"), "wb") as file:
        file.write(git(source, "show", f"{commit}:methods/_errors/common.json"))
    with open(os.path.join(out, "LICENSE.md"), "wb") as file:
        file.write(git(source, "show", f"{commit}:LICENSE.md"))
    with open(os.path.join(out, "index.txt"), "w", encoding="utf-8") as file:
        file.write("".join(name + "\n" for name in published))
    with open(os.path.join(out, "SOURCE"), "w", encoding="utf-8") as file:
        file.write(f"repository: {REPO_URL}\ncommit: {commit}\ndate: {date}\n")
    print(f"vendored {commit} ({date}) into {os.path.relpath(out, root)}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
