# The end-to-end scripts were written for runs from January 2015 (short runs to 2016-2017, outputs
# compared with the 2015 goldens): source this after `bin=$1` and "$bin" runs every simulating
# command from January 2015 unless the command line names --start itself. (Runs from the default,
# the latest January, are tested by backtest_cli_test.sh and the golden outputs' own lines.)
start_wrapper=$(mktemp)
cat >"$start_wrapper" <<EOF
#!/usr/bin/env bash
real="$bin"
case "\${1:-}" in
  run|la|variation|validate|compare|scenario|goal-seek|serve|sweep)
    for a in "\$@"; do [ "\$a" = --start ] && exec "\$real" "\$@"; done
    cmd=\$1; shift; exec "\$real" "\$cmd" --start 2015 "\$@";;
esac
exec "\$real" "\$@"
EOF
chmod +x "$start_wrapper"
sendtwin_binary=$bin  # the executable itself (what it was built with: grep it, not the wrapper)
bin=$start_wrapper
