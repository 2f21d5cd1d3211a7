// Loaded into the server by tests/bench/memory.ts (`--import`): every second, one JSON line of
// the process's memory (V8 heap by space, external, malloc, resident) to MEMORY_PROBE_FILE.
import fs from "node:fs";
import v8 from "node:v8";

const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  const mb = (n) => Math.round(n / 1048576);
  const sample = () => {
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]));
    const line = { t: Date.now(), rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed) };
    Object.assign(line, { external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), spaces });
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  setInterval(sample, 1000).unref();
  sample();
}
