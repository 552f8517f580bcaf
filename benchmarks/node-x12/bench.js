'use strict';
// Reads each X12 file with npm node-x12 (X12Parser.parse, strict) repeatedly and prints one JSON line per file:
// {"reader":"node-x12 1.7.1","file":...,"bytes":...,"cpuMbPerSecond":...,"cpuMicrosecondsPerRead":...,"wallMbPerSecond":...}
// Usage: node bench.js [--seconds N] FILE...
const fs = require('fs');
const path = require('path');
const { X12Parser } = require('node-x12');

const args = process.argv.slice(2);
let seconds = 3;
if (args[0] === '--seconds') {
  seconds = Number(args[1]);
  args.splice(0, 2);
}

for (const file of args) {
  const text = fs.readFileSync(file, 'utf8');
  const bytes = Buffer.byteLength(text, 'utf8');
  // X12Parser keeps state between parse() calls (a second call returns both interchanges), so each read gets a new one.
  const parse = () => new X12Parser(true).parse(text);
  let segments = 0;
  // Warm up the JIT (and check the parse works) before timing.
  const warmup = Math.max(1, Math.min(200, Math.floor(2e6 / bytes)));
  for (let i = 0; i < warmup; i++) {
    const interchange = parse();
    segments = interchange.functionalGroups.reduce((n, g) => n + g.transactions.reduce((m, t) => m + t.segments.length, 0), 0);
  }
  // Batches of about 200 ms, each recording wall time and process CPU time (user + system, all threads incl. GC),
  // which the load of a shared machine does not inflate. Medians reported, as the .NET side does.
  let t0 = process.hrtime.bigint();
  parse();
  const once = Number(process.hrtime.bigint() - t0) / 1e9;
  const perBatch = Math.max(1, Math.floor(0.2 / Math.max(once, 1e-7)));
  const wall = [];
  const cpu = [];
  let iterations = 0;
  const start = process.hrtime.bigint();
  do {
    const c0 = process.cpuUsage();
    t0 = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) parse();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e9 / perBatch);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6 / perBatch);
    iterations += perBatch;
  } while (Number(process.hrtime.bigint() - start) / 1e9 < seconds || wall.length < (once > 1 ? 1 : 3));
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const wallMedian = wall[Math.floor(wall.length / 2)];
  const cpuMedian = cpu[Math.floor(cpu.length / 2)];
  console.log(JSON.stringify({
    reader: 'node-x12 ' + require('node-x12/package.json').version,
    file: path.basename(file),
    bytes,
    segments,
    iterations,
    cpuMbPerSecond: +(bytes / cpuMedian / 1e6).toFixed(2),
    cpuMicrosecondsPerRead: +(cpuMedian * 1e6).toFixed(2),
    wallMbPerSecond: +(bytes / wallMedian / 1e6).toFixed(2),
    wallMicrosecondsPerRead: +(wallMedian * 1e6).toFixed(2),
    maxRssMb: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
  }));
}
