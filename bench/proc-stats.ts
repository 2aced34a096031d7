import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux for all mainstream architectures). */
const USER_HZ = 100;

/** CPU time (user + system) a process has used so far, in milliseconds; 0 where /proc is missing. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesized command name, which may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / USER_HZ;
  } catch {
    return 0;
  }
}

/** Peak resident set size of a process so far (VmHWM), in MiB; 0 where /proc is missing. */
export function peakRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** The 1-minute load average and core count, for the record of a run. */
export function machineLoad(): { load1: number; cores: number } {
  try {
    const load1 = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
    const cores = readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm)?.length ?? 0;
    return { load1, cores };
  } catch {
    return { load1: 0, cores: 0 };
  }
}
