# What the end-to-end scripts share (source it after `bin=$1 src=$2`): a scratch directory $work,
# removed on exit; `check NAME CONDITION...`, which counts; `finish`, the closing line CTest reads
# ("N passed, N failed") and the exit status.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  test "$failed" -eq 0
}
