#!/usr/bin/env python3
"""CPU used by the threads of every running JVM over a window, grouped by role, and per operation.

    docs/measurements/thread-cpu.py SECONDS [OPS_PER_SEC]

Run it while a load runs (e.g. bin/kv-bench against deploy/local/cluster.sh). Thread names come from
jstack; member ids, group ids and thread numbers are folded so that the same role on every server adds
up ("server nX-StateMachineUpdater" is the three apply threads). Server JVMs are CairnKV's and the RheaKV
stores of kv-bench/compare.sh; every other JVM counts as the load generator ("bench"). With OPS_PER_SEC (the load's measured
throughput) each role's CPU is also shown in microseconds per operation, which varies far less from run to
run on a shared machine than throughput does.
"""
import collections
import os
import re
import subprocess
import sys
import time


def thread_names():
    names = {}
    for pid in subprocess.run(['pgrep', 'java'], capture_output=True, text=True).stdout.split():
        dump = subprocess.run(['jstack', pid], capture_output=True, text=True).stdout
        for name, nid in re.findall(r'^"([^"]*)".*?nid=0x([0-9a-f]+)', dump, re.M):
            names[str(int(nid, 16))] = name
    return names


def role(process, name):
    name = re.sub(r'@group-[0-9A-F]+', '', name)
    name = re.sub(r'^n\d+', 'nX', name)
    name = re.sub(r'->n\d+', '->nY', name)
    name = re.sub(r'[-#]?\d+$', '', name)
    name = re.sub(r'-\d+-\d+$', '', name)
    return process + ' ' + re.sub(r'\d+', 'N', name)


def cpu_ticks():
    """Per thread id: (process kind, short name, user+system clock ticks)."""
    out = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            cmdline = open(f'/proc/{pid}/cmdline', 'rb').read()
            threads = os.listdir(f'/proc/{pid}/task')
        except OSError:
            continue
        if b'java' not in cmdline.split(b'\0')[0]:
            continue
        # Servers: CairnKV's, or the RheaKV stores kv-bench starts for comparisons; any other JVM is the load.
        process = 'server' if b'KvServerMain' in cmdline or b'RheaKvStoreMain' in cmdline else 'bench'
        for tid in threads:
            try:
                stat = open(f'/proc/{pid}/task/{tid}/stat').read()
            except OSError:
                continue
            fields = stat[stat.rindex(')') + 2:].split()
            out[tid] = (process, stat[stat.index('(') + 1:stat.rindex(')')], int(fields[11]) + int(fields[12]))
    return out


def main():
    seconds = float(sys.argv[1])
    ops = float(sys.argv[2]) if len(sys.argv) > 2 else 0
    before = cpu_ticks()
    time.sleep(seconds)
    after = cpu_ticks()
    names = thread_names()
    hz = os.sysconf('SC_CLK_TCK')
    by_role = collections.Counter()
    for tid, (process, short, ticks) in after.items():
        by_role[role(process, names.get(tid, short))] += ticks - before.get(tid, (process, short, 0))[2]
    total = sum(by_role.values())
    print(f'all JVM threads: {total / hz / seconds * 100:.0f}% of one core')
    for name, ticks in by_role.most_common(30):
        if ticks:
            core = ticks / hz / seconds
            line = f'{name:60s} {core * 100:6.1f}% core'
            print(line + (f'  {core / ops * 1e6:7.1f} us/op' if ops else ''))


if __name__ == '__main__':
    main()
