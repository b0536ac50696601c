import type { TFunction } from 'i18next';
import { IMPORT_FILE_MB } from '../../../shared/contract/imports';
/** Save a base64 file produced by the core through the browser's download (a save dialog in Electron). */
export function downloadBase64(filename: string, base64: string, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function fileToBase64(file: File): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Why an import file cannot be sent (checked before reading it), or null: empty, or over the contract's size. */
export function importFileProblem(t: TFunction, file: File): string | null {
  if (file.size === 0) return t('errors.reasons.empty_file');
  if (file.size > IMPORT_FILE_MB * 1_000_000) return t('errors.reasons.file_too_large', { mb: IMPORT_FILE_MB });
  return null;
}
