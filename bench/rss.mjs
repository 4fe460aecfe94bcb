// Preloaded into a measured process: reports its peak resident set size on exit (on stderr, as one JSON line).
process.on('exit', () =>
  process.stderr.write(`\n${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`),
);
