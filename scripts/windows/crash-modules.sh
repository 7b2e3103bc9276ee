#!/usr/bin/env bash
# Names the module and the nearest exported function of each "Exception address" a Qt Test crash
# handler printed under Wine, so a crash report from a CI run says where it happened (the handler
# itself cannot read MinGW's symbols).
#
#   scripts/windows/crash-modules.sh LOG DIR...
#
# DIRs are searched for .exe and .dll files (the build tree, the toolchain prefix's bin, the MinGW
# runtime). Prints one line per address: "0xADDR in MODULE+0xRVA (after EXPORT+0xOFFSET)", or
# "0xADDR in no module found in DIR..." when none contains it.
set -euo pipefail
log=$1
shift
mapfile -t addresses < <(grep -o 'Exception address: 0x[0-9a-fA-F]*' "$log" | awk '{print $3}' | sort -u)
((${#addresses[@]})) || exit 0
objdump=x86_64-w64-mingw32-objdump
command -v "$objdump" > /dev/null || { echo "crash-modules: $objdump not found" >&2; exit 0; }
mapfile -t modules < <(find "$@" -maxdepth 4 -type f \( -iname '*.dll' -o -iname '*.exe' \) 2> /dev/null)
for address in "${addresses[@]}"; do
  found=""
  for module in "${modules[@]}"; do
    header=$("$objdump" -p "$module" 2> /dev/null | awk '/^ImageBase/{b=$2} /^SizeOfImage/{s=$2} END{print b, s}')
    read -r base size <<< "$header"
    [[ -n $base && -n $size ]] || continue
    if (( address >= 0x$base && address < 0x$base + 0x$size )); then
      rva=$(( address - 0x$base ))
      # The export table lists "[ordinal] +base[n] RVA Export RVA" and "[ordinal] name": join them
      # and keep the last export at or below the address.
      nearest=""
      best=-1
      while read -r hex name; do
        value=$((16#$hex))
        if ((value <= rva && value > best)); then best=$value; nearest="after $name+0x$(printf %x $((rva - value)))"; fi
      done < <("$objdump" -p "$module" | awk '
        /Export RVA/ { gsub(/[][]/, " "); addr[$1] = $4; next }
        /\[Ordinal\/Name Pointer\] Table/ { names = 1; next }
        names && /^[ \t]*\[ *[0-9]+\] / { gsub(/[][]/, " "); if ($1 in addr) print addr[$1], $2 }')
      printf '%s in %s+0x%x (%s)\n' "$address" "$(basename "$module")" "$rva" "${nearest:-no export below it}"
      found=1
      break
    fi
  done
  [[ -n $found ]] || echo "$address in no module found in $*"
done
