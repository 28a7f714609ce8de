#!/usr/bin/env python
"""Write the generated `options:` documentation into the module and doc fragment files.

An option is written once, in a resource declaration (plugins/module_utils/resources/*.py), the
connection table (plugins/module_utils/connection.py) or the wait options (plugins/module_utils/module.py).
Module DOCUMENTATION must be a literal string (ansible-doc reads it without running the module), so the
options are rendered from those sources into the files, between marker comments:

    options:
      # BEGIN generated: POLICY -- edit plugins/module_utils/resources/policy.py, then run `make generate`
      ...
      # END generated

`prefix=policies[]` after the source name renders the options as items of a list option (protection_config),
rewriting references O(x) to O(policies[].x).

    generate-docs.py            rewrite the files
    generate-docs.py --check    change nothing; exit 1 and show the difference when a file is out of date
"""
import argparse
import difflib
import glob
import os
import re
import sys

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO_ROOT, ".build", "collections")
TARGET_GLOBS = ("plugins/modules/*.py", "plugins/doc_fragments/*.py", "extensions/eda/plugins/event_source/*.py")
BEGIN = re.compile(r"^(?P<indent>\s*)# BEGIN generated: (?P<source>\w+)(?: prefix=(?P<prefix>\S+))?")
END = re.compile(r"^\s*# END generated\s*$")


def _import_sources():
    if COLLECTIONS not in sys.path:
        sys.path.insert(0, COLLECTIONS)
    from ansible_collections.snapcenter.vsphere.plugins.module_utils import connection, module, options
    from ansible_collections.snapcenter.vsphere.plugins.module_utils.resources import (
        audit_config,
        policy,
        resource_group,
        schedule,
        storage_system,
    )

    def declaration(item, path):
        return (lambda prefix: item.documentation(prefix=prefix)), path

    def table(items, path, plugin=False):
        return (lambda prefix: options.documentation(items, prefix=prefix, plugin=plugin)), path

    # The event source's connection options: the SCV ones (it never asks vCenter), in lines short
    # enough for the pylint run of Automation Hub's importer (100 characters).
    scv_options = [option for option in connection.CONNECTION_OPTIONS if not option.name.startswith("vcenter_")]

    return {
        "STORAGE_SYSTEM": declaration(storage_system.STORAGE_SYSTEM, "plugins/module_utils/resources/storage_system.py"),
        "POLICY": declaration(policy.POLICY, "plugins/module_utils/resources/policy.py"),
        "RESOURCE_GROUP": declaration(resource_group.RESOURCE_GROUP, "plugins/module_utils/resources/resource_group.py"),
        "SCHEDULE": declaration(schedule.SCHEDULE, "plugins/module_utils/resources/schedule.py"),
        "AUDIT_CONFIG": declaration(audit_config.AUDIT_CONFIG, "plugins/module_utils/resources/audit_config.py"),
        "CONNECTION": table(connection.CONNECTION_OPTIONS, "plugins/module_utils/connection.py"),
        "CONNECTION_PLUGINS": table(connection.CONNECTION_OPTIONS, "plugins/module_utils/connection.py", plugin=True),
        "WAIT": table(module.WAIT_OPTIONS, "plugins/module_utils/module.py"),
        "CONNECTION_SCV": table(scv_options, "module_utils/connection.py") + (72,),
    }


class _Flow(list):
    """A short list of scalars written on one line: choices: [present, absent]."""


class _DocDumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Lists indented under their key, as the rest of the DOCUMENTATION is written.
        return super(_DocDumper, self).increase_indent(flow, False)


_DocDumper.add_representer(
    _Flow, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True))


def _styled(doc):
    if isinstance(doc, dict):
        styled = {}
        for key, value in doc.items():
            if key in ("choices", "default", "aliases") and isinstance(value, list) and \
                    all(isinstance(item, (str, int)) for item in value) and len(repr(value)) < 90:
                styled[key] = _Flow(value)
            else:
                styled[key] = _styled(value)
        return styled
    if isinstance(doc, list):
        return [_styled(item) for item in doc]
    return doc


def render(doc, indent, width=110):
    text = yaml.dump(_styled(doc), Dumper=_DocDumper, sort_keys=False, default_flow_style=False, width=width,
                     allow_unicode=True)
    return [indent + line if line else line for line in text.splitlines()]


def regenerate(text, sources, path):
    """The file's text with every generated block rendered again."""
    lines = text.splitlines()
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        begin = BEGIN.match(line)
        if not begin:
            out.append(line)
            index += 1
            continue
        name = begin.group("source")
        if name not in sources:
            raise SystemExit("%s:%d: unknown generated source %r (known: %s)" % (
                path, index + 1, name, ", ".join(sorted(sources))))
        build, source_path = sources[name][:2]
        width = sources[name][2] if len(sources[name]) > 2 else 110
        end = index + 1
        while end < len(lines) and not END.match(lines[end]):
            end += 1
        if end == len(lines):
            raise SystemExit("%s:%d: '# BEGIN generated' without '# END generated'" % (path, index + 1))
        indent = begin.group("indent")
        prefix = begin.group("prefix")
        out.append("%s# BEGIN generated: %s%s -- edit %s, then run `make generate`" % (
            indent, name, " prefix=%s" % prefix if prefix else "", source_path))
        out.extend(render(build(prefix), indent, width))
        out.append(lines[end])
        index = end + 1
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail when a file is out of date")
    parser.add_argument("--root", default=REPO_ROOT, help="the collection's root (default: this repository)")
    args = parser.parse_args(argv)
    sources = _import_sources()
    stale, blocks = [], 0
    for pattern in TARGET_GLOBS:
        for path in sorted(glob.glob(os.path.join(args.root, pattern))):
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            blocks += sum(1 for line in text.splitlines() if BEGIN.match(line))
            new = regenerate(text, sources, path)
            if new == text:
                continue
            stale.append(path)
            if args.check:
                sys.stdout.writelines(difflib.unified_diff(
                    text.splitlines(True), new.splitlines(True), path, path + " (regenerated)"))
            else:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(new)
    if blocks == 0:
        print("generate-docs: no generated blocks found under %s -- nothing was checked" % args.root)
        return 1
    if args.check and stale:
        print("generate-docs: %d file(s) out of date with their declarations: %s\nrun `make generate` and commit"
              % (len(stale), ", ".join(os.path.relpath(p, args.root) for p in stale)))
        return 1
    print("generate-docs: %d generated block(s), %s" % (
        blocks, "all up to date" if args.check else "%d file(s) rewritten" % len(stale)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
