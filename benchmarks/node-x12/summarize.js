'use strict';
// Reads the JSON lines written by compare-node-x12.sh (both readers, several rounds) from stdin and prints a table:
// per file, the median over rounds of CPU-time and wall-time throughput, and our speed-up over node-x12.
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter((l) => l.startsWith('{'));
const rows = lines.map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const files = [...new Set(rows.map((r) => r.file))];
const readers = [...new Set(rows.map((r) => r.reader))];
const node = readers.find((r) => r.startsWith('node-x12'));
const pad = (s, n) => String(s).padEnd(n);
console.log(pad('file', 22) + pad('reader', 56) + pad('CPU MB/s', 11) + pad('wall MB/s', 11) + pad('CPU us/read', 13) + pad('alloc B/read', 14) + 'x node-x12 (CPU)');
for (const file of files) {
  const of = (reader) => rows.filter((r) => r.file === file && r.reader === reader);
  const base = median(of(node).map((r) => r.cpuMbPerSecond));
  for (const reader of readers) {
    const rs = of(reader);
    if (rs.length === 0) continue;
    const cpu = median(rs.map((r) => r.cpuMbPerSecond));
    const wall = median(rs.map((r) => r.wallMbPerSecond));
    const us = median(rs.map((r) => r.cpuMicrosecondsPerRead));
    const alloc = rs[0].allocatedBytesPerRead === undefined ? '-' : median(rs.map((r) => r.allocatedBytesPerRead));
    console.log(pad(file, 22) + pad(reader, 56) + pad(cpu.toFixed(1), 11) + pad(wall.toFixed(1), 11) + pad(us.toFixed(1), 13) + pad(alloc, 14) + (cpu / base).toFixed(1) + 'x');
  }
}
