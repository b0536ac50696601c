import { encryptPlainFile, type EncryptStep } from './encrypt-file';

// Run by cipher.test.ts: encrypts the file given, and kills its own process (SIGKILL: no finally
// blocks, no clean close) right after the step given, as a power cut or a killed task would.
const [file, key, killAfter] = process.argv.slice(2) as [string, string, EncryptStep | 'none'];
encryptPlainFile(file, key, {
  hook: (step) => {
    if (step === killAfter) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('finished\n');
