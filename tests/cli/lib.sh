# Helpers of the CLI end-to-end scripts (sourced; the caller sets case_name and changes into its own folder).

fail() {
  echo "FAIL ($case_name): $*" >&2
  exit 1
}

# expect_exit CODE CMD... : runs CMD with stdout/stderr captured in out.txt / err.txt and checks the exit code.
expect_exit() {
  local want=$1
  shift
  local got=0
  "$@" >out.txt 2>err.txt || got=$?
  if [ "$got" != "$want" ]; then
    echo "--- stdout" >&2; cat out.txt >&2
    echo "--- stderr" >&2; cat err.txt >&2
    fail "'$*' exited $got, expected $want"
  fi
}
