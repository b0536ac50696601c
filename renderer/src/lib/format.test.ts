import { expect, it } from 'vitest';
import { fileSize } from './format';

it('shows a file’s size as it is: bytes under 1 KB, then KB and MB', () => {
  expect(fileSize(6)).toBe('6 B');
  expect(fileSize(0)).toBe('0 B');
  expect(fileSize(1023)).toBe('1023 B');
  expect(fileSize(1024)).toBe('1 KB');
  expect(fileSize(300 * 1024)).toBe('300 KB');
  expect(fileSize(5 * 2 ** 20 + 2 ** 19)).toBe('5.5 MB');
});
