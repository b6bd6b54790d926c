// Placeholder until the issue that delivers it lands: say so plainly, never print a fake result.
process.stderr.write('not yet available: this command is delivered by a later issue (see README "Status").\n');
process.exitCode = 1;
