// Placeholder until the SDK/CLI issue lands: say so plainly, never print a fake result.
process.stderr.write('zkml: not yet available (see README "Status").\n');
process.exitCode = 1;
