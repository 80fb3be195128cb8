#!/usr/bin/env bash
# libFuzzer over the parsers and verifiers of MinzhengCore (issue 11, item 7) — not part of the tests.
#
# fuzz/*.swift are compiled once with all of MinzhengCore (which imports only Foundation) under
# `swiftc -sanitize=fuzzer,address` into one binary; each target (FUZZ_TARGET) then runs FUZZ_RUNS executions
# (default 1,000,000) from its seed corpus in fuzz/seeds/. A crash leaves its input in fuzz/crashes/<target>/: replay
# it as a test in Tests/MinzhengCoreTests/FuzzRegressionTests.swift, where every input that once crashed is kept.
# Prints one line per target and writes bench/fuzz.md. Usage: scripts/fuzz.sh [target …]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${FUZZ_RUNS:-1000000}
work=${FUZZ_WORK:-/tmp/minzheng-fuzz}
mkdir -p "$work" fuzz/crashes
binary="$work/minzheng-fuzz"
sources=$(find Sources/MinzhengCore fuzz -name '*.swift' | sort)
if [ ! -x "$binary" ] || [ -n "$(find $sources -newer "$binary" | head -1)" ]; then
  echo "Compiling MinzhengCore with libFuzzer and AddressSanitizer…"
  # shellcheck disable=SC2086
  swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name MinzhengFuzz $sources -o "$binary" 2>&1 \
    | grep -v "Cannot export local symbol" || true
fi
targets=${*:-IDNumber USCC CalendarImport OrganizationImport DrawVerify BundleVerify}
status=0
lines=()
for target in $targets; do
  corpus="$work/corpus-$target"
  mkdir -p "$corpus" "fuzz/crashes/$target"
  if [ -d "fuzz/seeds/$target" ]; then cp -n fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true; fi
  max_len=4096
  case "$target" in DrawVerify|BundleVerify) max_len=65536 ;; esac
  start=$(date +%s)
  if FUZZ_TARGET="$target" "$binary" -runs="$runs" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 \
       -artifact_prefix="fuzz/crashes/$target/" "$corpus" > "$work/$target.log" 2>&1; then
    result="no crash"
  else
    result="CRASH — input in fuzz/crashes/$target/, log $work/$target.log"; status=1
  fi
  executed=$(grep -o 'Done [0-9]* runs' "$work/$target.log" | grep -o '[0-9]*' || echo "—")
  coverage=$(grep -o 'cov: [0-9]*' "$work/$target.log" | tail -1 | grep -o '[0-9]*' || echo "—")
  line="| $target | $executed | $(( $(date +%s) - start )) s | $coverage | $result |"
  echo "$line"
  lines+=("$line")
done
# bench/fuzz.md keeps the last result of every target: the rows of the targets run now replace theirs.
previous=()
if [ -f bench/fuzz.md ]; then
  while IFS= read -r row; do
    name=$(echo "$row" | cut -d'|' -f2 | tr -d ' ')
    [[ " $targets " == *" $name "* ]] || previous+=("$row")
  done < <(grep '^| [A-Za-z]' bench/fuzz.md | grep -v '^| 目标')
fi
{
  echo "# libFuzzer 结果 / Fuzzing results"
  echo
  echo "- \`swiftc -O -sanitize=fuzzer,address\`，机器 $(hostname)，$(nproc) 核；每行为该目标最近一次运行（$(date '+%Y-%m-%d %H:%M') 更新）"
  echo
  echo "| 目标 | 执行次数 | 用时 | 覆盖边数 | 结果 |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${previous[@]}" "${lines[@]}" | grep -v '^$' | sort
  echo
  echo "曾导致崩溃的输入（保存在 fuzz/crashes/，由 Tests/MinzhengCoreTests/FuzzRegressionTests.swift 在每次 swift test 中回放）："
  echo
  find fuzz/crashes -type f | sort | sed 's/^/- /'
  echo
  echo "- USCC：\`UnifiedSocialCreditCode.completing(_:)\`（为示例与测试补全校验码的辅助函数）遇到代码字符集以外的字母（如 I）时强制解包崩溃；"
  echo "  它只用于程序员写下的字面代码，现以前置条件写明其定义域，群众与工作人员输入的代码一律经 \`init\` 校验并以中文拒绝。"
} > bench/fuzz.md
exit $status
