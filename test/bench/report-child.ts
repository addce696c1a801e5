/**
 * One `trailmark report` run in its own process, for `bench:report`: prints its wall time, CPU time
 * and peak memory (maxRSS, which includes Node and the loaded modules) as JSON; the LRS is another
 * process, so it is not counted in CPU or memory.
 */
import { runReport } from '../../cli/report/index';

// Timed after the imports: the work of one report, not the start of Node and the charting library.
const started = performance.now();
const cpuBefore = process.cpuUsage();
const output = await runReport(process.argv.slice(2));
const cpu = process.cpuUsage(cpuBefore);
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ output, wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: usage.maxRSS / 1024 })}\n`,
);
