#!/usr/bin/env bash
# Builds deploy/local/prove-job.c (the proof jobs' program of reliability.sh and the `prove` load figures) into ELF
# with clang and ld.lld for RV32IM, linked with the guest memory map (guest/link.ld).
#   deploy/local/prove-job.sh OUT.elf [ROUNDS]     ROUNDS of xorshift (default 150: about 3,000 cycles)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: prove-job.sh OUT.elf [ROUNDS]}
rounds=${2:-150}
[[ "$rounds" =~ ^[0-9]+$ ]] || { echo "prove-job.sh: ROUNDS '$rounds' must be a whole number" >&2; exit 2; }
clang=${WSC_CLANG:-clang}
lld=${WSC_LLD:-ld.lld}
obj=$(mktemp /tmp/prove-job.XXXXXX.o)
trap 'rm -f "$obj"' EXIT
"$clang" --target=riscv32 -march=rv32im -mabi=ilp32 -nostdlib -ffreestanding -mno-relax -fno-pic -O2 -Wall -Wextra -Werror \
  -DROUNDS="$rounds" -c "$root/deploy/local/prove-job.c" -o "$obj"
"$lld" -T "$root/guest/link.ld" --gc-sections -o "$out" "$obj"
