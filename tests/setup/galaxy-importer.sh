#!/usr/bin/env bash
# Import gate: build the collection tarball and run galaxy-importer (the Galaxy / Automation Hub import
# checks) over it, configured by tests/setup/galaxy-importer.cfg (what is off and why is written there).
#
# Fails when galaxy-importer reports an error (a metadata, docs, changelog, tag or file check that fails
# the import), when it finds no content (a gate that checks nothing fails), and when the ansible-lint run
# inside it reports a finding. Other warnings (e.g. flake8) are listed and counted; IMPORTER_STRICT=1
# fails on those too.
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$repo_root/.venvs/importer"
work="$repo_root/.build/importer"
rm -rf "$work"
mkdir -p "$work/dist"

echo "== ansible-galaxy collection build"
"$repo_root/.venv/bin/ansible-galaxy" collection build --output-path "$work/dist" "$repo_root" >/dev/null
tarball=$(ls "$work"/dist/snapcenter-vsphere-*.tar.gz)
echo "tarball: $tarball"

echo "== galaxy-importer $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("galaxy-importer"))')"
cd "$work"
rc=0
# Its ansible-doc and ansible-lint are the ones in its venv (ansible-core 2.21).
GALAXY_IMPORTER_CONFIG="$repo_root/tests/setup/galaxy-importer.cfg" PATH="$venv/bin:$PATH" \
    "$venv/bin/python" -m galaxy_importer.main "$tarball" > importer.log 2>&1 || rc=$?
# Progress lines are INFO without a prefix; show what matters.
grep -E '^(WARNING|ERROR|CRITICAL)|Traceback|Importer processing|Linting collection via|galaxy-importer' importer.log || true

"$venv/bin/python" - "$work" "$rc" <<'PY'
import json
import os
import re
import sys

work, rc = sys.argv[1], int(sys.argv[2])
log = open(os.path.join(work, 'importer.log'), encoding='utf-8').read().splitlines()
errors = [line for line in log if line.startswith(('ERROR', 'CRITICAL')) or 'Traceback' in line]
warnings = [line for line in log if line.startswith('WARNING')]
# ansible-lint --format=pep8 lines that galaxy-importer logs as warnings: path:line[:col]: rule: message
# (flake8 lines look the same with an E/W/F/C/N code; they are counted apart)
lint = [line for line in warnings if re.match(r'WARNING: [^\s:]+:\d+(:\d+)?: ', line)]
flake8 = [line for line in warnings if re.match(r'WARNING: \S+\.py:\d+:\d+: [EWFCN]\d{3} ', line)]
lint = [line for line in lint if line not in flake8]
other = [line for line in warnings if line not in lint and line not in flake8]
completed = any('Importer processing completed successfully' in line for line in log)

problems = []
result_path = os.path.join(work, 'importer_result.json')
contents = []
if completed and os.path.exists(result_path):
    with open(result_path, encoding='utf-8') as handle:
        result = json.load(handle)
    contents = result.get('contents') or []
    kinds = sorted({item['content_type'] for item in contents})
    docs = (result.get('docs_blob') or {}).get('contents') or []
    print('importer: %d content items (%s), %d docs_blob entries, requires_ansible %s'
          % (len(contents), ', '.join(kinds), len(docs), result.get('requires_ansible')))
    if not any(item['content_type'] == 'module' for item in contents):
        problems.append('galaxy-importer found no modules in the tarball')
else:
    problems.append('galaxy-importer did not complete (exit %d)' % rc)
if rc != 0:
    problems.append('galaxy-importer exited %d' % rc)
if errors:
    problems.append('%d importer error line(s)' % len(errors))
if lint:
    problems.append('%d ansible-lint finding(s) inside galaxy-importer' % len(lint))
print('importer: %d errors, %d ansible-lint findings, %d flake8 warnings, %d other warnings'
      % (len(errors), len(lint), len(flake8), len(other)))
if os.environ.get('IMPORTER_STRICT') == '1' and (flake8 or other):
    problems.append('IMPORTER_STRICT=1 and %d warning(s)' % (len(flake8) + len(other)))
if problems:
    print('importer FAILED: ' + '; '.join(problems) + ' (full log: %s)' % os.path.join(work, 'importer.log'), file=sys.stderr)
    sys.exit(1)
print('importer: passed')
PY
