/**
 * Which files a caller across a process boundary may make the engine read. The CLI names any file it is
 * given (the operator is at the keyboard); the browser console and the desktop window may name only the
 * files the operator gave them: uploaded through the console, or chosen in the file dialog or dropped on
 * the window. Neither may name where the engine writes (a rejects file): the engine decides that.
 */
import type { ApiErrorShape, ApiMethod } from '../../shared/api';

/** The API methods that read a file named in their input, by the field that names it. */
export const FILE_READING_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['imports.inspect', 'imports.run', 'segments.adopt']);

/** The file a call would read, or null when the method reads no file. */
export function fileOfCall(method: string, input: unknown): string | null {
  if (!FILE_READING_METHODS.has(method as ApiMethod)) return null;
  const file = (input as { file?: unknown } | null)?.file;
  return typeof file === 'string' ? file : '';
}

/**
 * Why the call may not go ahead (null: it may). `given(path)` says whether the operator gave this transport
 * that file; `where` names how, for the sentence ("upload it in this console").
 */
export function refuseFileAccess(method: string, input: unknown, given: (path: string) => boolean, where: string): ApiErrorShape | null {
  const file = fileOfCall(method, input);
  if (file === null) return null;
  if ((input as { rejectsFile?: unknown }).rejectsFile !== undefined) {
    return { message: 'The rejects file is placed by the engine, in the data folder; it cannot be chosen here.', code: 'invalid-input' };
  }
  if (file === '' || !given(file)) {
    return { message: `Only a file you ${where} can be imported here; choose the file again.`, code: 'invalid-input' };
  }
  return null;
}
