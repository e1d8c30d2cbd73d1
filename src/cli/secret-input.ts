/**
 * Passwords and client secrets for the command line: from standard input (`--password-stdin`,
 * `--client-secret-stdin`, for scripts: never on the command line, where `ps` and shell history
 * would show them) or typed at a terminal without echo.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliUsageError } from './ml-cli-errors.js';

/** All of standard input, without its final line break. */
export async function readSecretFromStdin(what: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (text === '') throw new CliUsageError(`Standard input is empty: pipe the ${what} into it.`);
  return text;
}

/** Asks on stderr and reads one line from the terminal without echoing it. */
export function promptSecret(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, encoding: BufferEncoding, done: () => void) {
      if (!muted) process.stderr.write(chunk, encoding);
      done();
    },
  });
  const lines = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    lines.question(prompt, (answer) => {
      lines.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/**
 * The secret from stdin when `fromStdin`, else typed at the terminal; a usage error when stdin
 * is not a terminal and the flag is missing (a script would otherwise hang).
 */
export async function readSecret(options: {
  readonly fromStdin: boolean;
  readonly flag: string;
  readonly what: string;
  readonly prompt: string;
}): Promise<string> {
  if (options.fromStdin) return readSecretFromStdin(options.what);
  if (process.stdin.isTTY !== true) {
    throw new CliUsageError(
      `No terminal to type the ${options.what} in: pipe it into ${options.flag}.`,
    );
  }
  return promptSecret(options.prompt);
}
