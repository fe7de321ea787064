# Sourced by the eval scripts: sets eval_bin to the kb-eval to run — $KB_EVAL, else the
# first built one under build-rel/ or build/ — or exits 2 naming the calling script.
# Needs $repo (the repository root).
eval_bin="${KB_EVAL:-}"
if [[ -z "$eval_bin" ]]; then
  for b in build-rel build; do
    [[ -x "$repo/$b/tools/eval/kb-eval" ]] && { eval_bin="$repo/$b/tools/eval/kb-eval"; break; }
  done
fi
[[ -n "$eval_bin" && -x "$eval_bin" ]] || { echo "$(basename "$0"): kb-eval not built (set KB_EVAL)" >&2; exit 2; }
