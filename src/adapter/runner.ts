import { execa } from 'execa';

export interface RunRequest {
  file: string;
  args: string[];
  input?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** the program could not be started because it is not on PATH */
  notFound: boolean;
  timedOut: boolean;
}

/** Runs one program with an argument array; never through a shell. Injectable for unit tests. */
export type Runner = (req: RunRequest) => Promise<RunResult>;

export const execaRunner: Runner = async (req) => {
  const child = execa(req.file, req.args, {
    input: req.input ?? '',
    reject: false,
    timeout: req.timeoutMs,
    env: req.env,
    extendEnv: true,
    stripFinalNewline: true,
    ...(req.signal ? { cancelSignal: req.signal } : {}),
  });
  if (req.onLine) {
    const emit = (stream: 'stdout' | 'stderr') => {
      let buf = '';
      child[stream]?.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          req.onLine!(buf.slice(0, nl), stream);
          buf = buf.slice(nl + 1);
        }
      });
      child[stream]?.on('end', () => buf && req.onLine!(buf, stream));
    };
    emit('stdout');
    emit('stderr');
  }
  const r = await child;
  // with reject: false a failed start comes back as the result, carrying the system error code
  const code = 'code' in r ? r.code : undefined;
  return {
    exitCode: typeof r.exitCode === 'number' ? r.exitCode : -1,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? '') || (code === 'ENOENT' ? `${req.file}: not found on PATH` : ''),
    notFound: code === 'ENOENT',
    timedOut: Boolean(r.timedOut),
  };
};
