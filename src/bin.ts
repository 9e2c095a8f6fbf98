import module from 'node:module';

declare const __CROSSMESH_VERSION__: string;

// reuse V8's compiled code across runs where Node offers it (22.1+); harmless where it does not
const enableCompileCache: unknown = Reflect.get(module, 'enableCompileCache');
if (typeof enableCompileCache === 'function') Reflect.apply(enableCompileCache, module, []);

// a reader that goes away (crossmesh plan | head) is not an error worth a stack trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // answered before loading anything else: scripts call this often
  process.stdout.write(`crossmesh ${__CROSSMESH_VERSION__}\n`);
} else {
  const { main } = await import('./cli/main.js');
  const code = await main(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
  // interrupted (Ctrl-C): leave now, not when the last kubectl or timer of the abandoned work ends
  if (code === 130) process.exit(130);
  process.exitCode = code;
}
