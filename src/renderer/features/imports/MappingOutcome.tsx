import { Alert, List, Text } from '@mantine/core';
import type { ImportResult, MappingHint } from '../../../shared/model';
import { plural } from '../../components/format';

/** One sentence per applied mapping: what was left out, sent as UNKNOWN or rejected; null when nothing was. */
function outcome(hint: MappingHint): string | null {
  const facts = [
    hint.leftOut > 0 ? `${plural(hint.leftOut, 'empty value')} left out (Deployteq keeps what it has)` : '',
    hint.sentAsUnknown > 0 ? `${plural(hint.sentAsUnknown, 'value')} it could not map sent as UNKNOWN` : '',
    hint.rejected > 0 ? `${plural(hint.rejected, 'row')} rejected for a value it could not map` : '',
  ].filter(Boolean);
  return facts.length ? `“${hint.column}”: ${facts.join('; ')}.` : null;
}

/** What the applied mappings did, and the warnings about how the file was read. */
export function MappingOutcome({ result }: { result: ImportResult }) {
  const lines = result.hints.filter((h) => h.applied).flatMap((h) => outcome(h) ?? []);
  if (lines.length === 0 && result.warnings.length === 0) return null;
  return (
    <Alert color={result.warnings.length ? 'orange' : 'blue'} variant="light" title="How values were sent">
      <List size="sm">
        {[...lines, ...result.warnings].map((line) => (
          <List.Item key={line}>
            <Text size="sm">{line}</Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
