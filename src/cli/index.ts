/** The `scholia` command. */
import { MAX_IMPORT_BYTES } from '../shared/api';
import { runCli } from './cli';

// A reader of the output that stops early (`scholia list | head`) closes the pipe: that ends the
// command quietly, as it does any Unix tool, rather than with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  stdin: async () => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).byteLength;
      // One byte past the limit is enough for the import to refuse it, naming the limit.
      if (size > MAX_IMPORT_BYTES) break;
    }
    return new Uint8Array(Buffer.concat(chunks));
  },
}).then((code) => {
  process.exitCode = code;
});
