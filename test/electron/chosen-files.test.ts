import { describe, expect, it } from 'vitest';
import { ChosenFiles } from '../../src/main/shell/chosen-files';

describe('the desktop window imports only files the operator picked or dropped', () => {
  const chosen = () => {
    const files = new ChosenFiles();
    files.add('/home/ann/Downloads/export.csv');
    return files;
  };

  it('lets a picked file be inspected and imported', () => {
    expect(chosen().refuse('imports.inspect', { file: '/home/ann/Downloads/export.csv' })).toBeNull();
    expect(chosen().refuse('imports.run', { file: '/home/ann/Downloads/export.csv', connector: 'C', segment: 'S' })).toBeNull();
  });

  it('refuses any other path, the app\'s own secrets file first of all', () => {
    for (const file of ['/home/ann/.config/Canopy Batch/secrets.json', '/home/ann/Downloads/../Downloads/export.csv', '', 42]) {
      expect(chosen().refuse('imports.inspect', { file })).toEqual({
        code: 'invalid-input',
        message: 'Only a file you chose in the file dialog or dropped on this window can be imported here; choose the file again.',
      });
    }
  });

  it('refuses a rejects file named by the page', () => {
    expect(chosen().refuse('imports.run', { file: '/home/ann/Downloads/export.csv', rejectsFile: '/home/ann/.bashrc' })?.message).toMatch(/placed by the engine/);
  });

  it('leaves methods that read no file alone', () => {
    expect(chosen().refuse('queue.status', {})).toBeNull();
  });

  it('remembers only absolute, normalised paths', () => {
    const files = new ChosenFiles();
    expect(files.add('relative.csv')).toBe(false);
    expect(files.add('/a/../b.csv')).toBe(false);
    expect(files.add(null)).toBe(false);
    expect(files.add('/b.csv')).toBe(true);
  });
});
