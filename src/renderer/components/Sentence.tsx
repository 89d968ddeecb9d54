import { Code } from '@mantine/core';
import { Fragment } from 'react';

/**
 * A sentence from the engine or the translations, where `backticks` mark a command: the command shows as
 * code, never with its backticks.
 */
export function Sentence({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd count of backticks leaves the last one unmatched: the part after it shows as words.
  const matched = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  return <>{parts.map((part, i) => (i % 2 === 1 && i < matched ? <Code key={i}>{part}</Code> : <Fragment key={i}>{part}</Fragment>))}</>;
}
