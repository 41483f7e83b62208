/** The `scholia` command. */
import { MAX_IMPORT_BYTES } from '../shared/api';
import { runCli } from './cli';

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
