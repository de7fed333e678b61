#!/usr/bin/env bash
# Lints every Airlock CloudFormation/SAM template with cfn-lint, including informational findings
# and Airlock's own rules (infra/cfn-rules). Any finding fails: the templates must lint clean.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PYTHONDONTWRITEBYTECODE=1  # keep infra/cfn-rules free of __pycache__

# cfn-lint is installed through pyenv on the build machines; its shims may not be on PATH yet.
if ! command -v cfn-lint >/dev/null 2>&1 && [[ -d "$HOME/.pyenv/shims" ]]; then
  PATH="$HOME/.pyenv/shims:$PATH"
fi
if ! cfn-lint --version >/dev/null 2>&1; then
  echo "lint-templates: cfn-lint not found. Install it (pip install 'cfn-lint>=1.51') and retry." >&2
  exit 127
fi

templates=(template.yaml)
shopt -s nullglob
for file in infra/*.yaml infra/*.yml; do
  templates+=("$file")
done

echo "lint-templates: $(cfn-lint --version) on ${templates[*]}"
cfn-lint --include-checks I --append-rules infra/cfn-rules -- "${templates[@]}"
echo "lint-templates: no findings"
