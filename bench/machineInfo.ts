/**
 * What every benchmark result records about the machine it ran on. The 1-minute load average is
 * taken when called: other work on the 2 cores slows every figure, so results carry it.
 */
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

export function machineInfo() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()}`,
    loadAverage1m: Number(loadavg()[0].toFixed(2)),
  };
}
