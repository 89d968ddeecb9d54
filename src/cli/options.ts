import { InvalidArgumentError } from 'commander';

/** A commander parser for whole numbers within bounds; a bad value is a usage error (exit 2). */
export const integer =
  (what: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`${what} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}.`);
    }
    return n;
  };

export const oneOf =
  <T extends string>(what: string, values: readonly T[]) =>
  (value: string): T => {
    if (!values.includes(value as T)) throw new InvalidArgumentError(`${what} must be one of ${values.join(', ')}.`);
    return value as T;
  };

export const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `--hold-for-review on|off` → true / false; anything else is a usage error (exit 2). */
export const onOff = (what: string) => (value: string): boolean => oneOf(what, ['on', 'off'] as const)(value.trim().toLowerCase()) === 'on';
