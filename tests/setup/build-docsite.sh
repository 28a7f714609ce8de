#!/usr/bin/env bash
# Build the collection's HTML docsite into docs/build/html (git-ignored), as CI does.
#
#   tests/setup/build-docsite.sh
#
# 1. a tools virtualenv .venvs/docs (Python 3.12) from docs/docsite/requirements.txt (made once; DOCS_VENV
#    overrides);
# 2. `antsibull-docs sphinx-init --use-current` writes a fresh Sphinx project into docs/build/site
#    (nothing generated is committed, so it always matches the antsibull-docs in use);
# 3. its build.sh renders every module and plugin page plus the user guide in docs/docsite/rst
#    (listed in docs/docsite/extra-docs.yml) and runs sphinx-build with -W --keep-going: any Sphinx
#    warning fails the build, and --fail-on-error makes a broken plugin doc fail instead of becoming an
#    error page.
# The build is offline and reproducible: intersphinx is turned off (CI and this machine cannot reach
# docs.ansible.com), and references into Ansible's own docs that the generated pages contain
# (configuration settings, ANSIBLE_* environment variables, other collections' plugins) are linked to
# docs.ansible.com by rule instead. A reference into this collection that does not resolve still fails.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${DOCS_VENV:-$repo_root/.venvs/docs}
requirements="$repo_root/docs/docsite/requirements.txt"
build_root="$repo_root/docs/build"
site="$build_root/site"

# Python 3.12 (ansible-core 2.21), found by find-python.sh (PYTHON312= overrides); a venv on another
# Python is re-created by make-venv.sh.
if [[ ! -x "$venv/bin/antsibull-docs" || ! -x "$venv/bin/sphinx-build" \
      || "$requirements" -nt "$venv/.requirements-installed" \
      || "$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" != 3.12 ]]; then
    echo "build-docsite: preparing $venv"
    "$repo_root/tests/setup/make-venv.sh" "$venv" 3.12 --disable-pip-version-check -r "$requirements"
    touch "$venv/.requirements-installed"
fi

# The collection as ansible-doc sees it: .build/collections/ansible_collections/snapcenter/vsphere -> repo.
link="$repo_root/.build/collections/ansible_collections/snapcenter/vsphere"
if [[ ! -e "$link" ]]; then
    mkdir -p "$(dirname "$link")"
    ln -sfn ../../../.. "$link"
fi
export ANSIBLE_COLLECTIONS_PATH="$repo_root/.build/collections"
export PATH="$venv/bin:$PATH"

rm -rf "$site" "$build_root/html"
mkdir -p "$build_root"
# antsibull-docs only writes into a directory that only its owner can write.
mkdir -m 700 "$site"
antsibull-docs sphinx-init \
    --use-current \
    --squash-hierarchy \
    --fail-on-error \
    --project "snapcenter.vsphere" \
    --title "snapcenter.vsphere: NetApp SnapCenter Plug-in for VMware vSphere" \
    --html-short-title "snapcenter.vsphere" \
    --copyright "snapcenter.vsphere contributors" \
    --dest-dir "$site" \
    snapcenter.vsphere

cat >> "$site/conf.py" <<'PY'


# ---- added by tests/setup/build-docsite.sh: offline build ---------------------------------------------
intersphinx_mapping = {}

_ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/devel/'
_ANSIBLE_LABELS = {
    'ansible_configuration_settings': 'reference_appendices/config.html',
    'ansible_variable_precedence': 'playbook_guide/playbooks_variables.html',
    'common_return_values': 'reference_appendices/common_return_values.html',
}
_OWN_LABEL_PREFIX = 'ansible_collections.snapcenter.vsphere.'


def _link_into_ansible_docs(app, env, node, contnode):
    """Resolve a reference into Ansible's docs (not this collection's) to its docs.ansible.com page."""
    from docutils import nodes

    target = node.get('reftarget', '')
    reftype = node.get('reftype')
    uri = None
    if reftype == 'envvar' and target.startswith('ANSIBLE_'):
        uri = 'reference_appendices/config.html#envvar-' + target
    elif reftype == 'ref' and target in _ANSIBLE_LABELS:
        uri = _ANSIBLE_LABELS[target]
    elif reftype == 'ref' and target.startswith('ansible_collections.') and not target.startswith(_OWN_LABEL_PREFIX):
        parts = target.split('.')
        if len(parts) >= 4:
            uri = 'collections/%s/%s/%s.html' % (parts[1], parts[2], '.'.join(parts[3:]).split('__')[0])
    if uri is None:
        return None
    reference = nodes.reference('', '', internal=False, refuri=_ANSIBLE_DOCS + uri)
    reference += contnode
    return reference


def setup(app):
    app.connect('missing-reference', _link_into_ansible_docs)
PY

"$site/build.sh"

mv "$site/build/html" "$build_root/html"
echo "build-docsite: HTML in $build_root/html (open $build_root/html/index.html)"
