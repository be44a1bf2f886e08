"""Lists the C2-compiled methods of a -XX:+PrintAssembly log whose FMA loops touch the stack with 512-bit moves.

    python3 tools/jit/spills.py asm.txt        # every C2 method with 8+ FMAs in a dense region, and its zmm stack moves

A dense region is a run of vfmadd instructions at most 40 instructions apart (the kernels' unrolled loop bodies).
A zmm load or store at [rsp + ...] inside one is a register spill in the hot loop: C2's stack slots are 16-byte
aligned, so each such move splits over two cache lines, and over two pages at some stack depths of the caller.
"""
import re
import sys

HEADER = re.compile(r'Compiled method \((c\d)\)\s+\d+\s+\d+\s+([%sbn! ]*)(\d)\s+(\S+)')
INSN = re.compile(r'\s+0x[0-9a-f]+:\s+[a-z]')

for path in sys.argv[1:]:
    methods = []
    current = None
    for line in open(path, errors='replace'):
        m = HEADER.match(line)
        if m:
            current = None
            if m.group(1) == 'c2':
                current = (m.group(4) + (' (OSR)' if '%' in m.group(2) else ''), [])
                methods.append(current)
            continue
        if current is not None and INSN.match(line):
            current[1].append(line.split(':', 1)[1].strip())
    for name, code in methods:
        fmas = [i for i, ins in enumerate(code) if ins.startswith('vfmadd')]
        if len(fmas) < 8:
            continue
        regions = []
        start = prev = fmas[0]
        for i in fmas[1:]:
            if i - prev > 40:
                regions.append((start, prev))
                start = i
            prev = i
        regions.append((start, prev))
        parts = []
        for a, b in regions:
            body = code[a:b + 1]
            n = sum(1 for ins in body if ins.startswith('vfmadd'))
            spills = sum(1 for ins in body if 'zmmword ptr [rsp' in ins)
            if n >= 8:
                parts.append('%d FMAs, %d zmm stack moves' % (n, spills))
        if parts:
            print('%-70s %s' % (name, '; '.join(parts)))
