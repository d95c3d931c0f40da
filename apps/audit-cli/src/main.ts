import { runAuditCli } from './cli';

// exitCode rather than exit(): a large report piped to another program is written out in full.
process.exitCode = runAuditCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
