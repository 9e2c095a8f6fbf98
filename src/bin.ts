import module from 'node:module';

// reuse V8's compiled code across runs where Node offers it (22.1+); harmless where it does not
(module as { enableCompileCache?: () => void }).enableCompileCache?.();

// a reader that goes away (crossmesh plan | head) is not an error worth a stack trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const { main } = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
