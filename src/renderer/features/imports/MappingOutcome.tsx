import i18n from 'i18next';
import { useTranslation } from 'react-i18next';
import { wordMessage } from '../../i18n/say';
import { Sentence } from '../../components/Sentence';
import { Alert, List, Text } from '@mantine/core';
import type { ImportResult, MappingHint } from '../../../shared/model';
import { formatNumber } from '../../components/format';

const counted = (key: string, count: number) => i18n.t(key, { count, formatted: formatNumber(count) });

/** One sentence per applied mapping: what was left out, sent as UNKNOWN or rejected; null when nothing was. */
function outcome(hint: MappingHint): string | null {
  const facts = [
    hint.leftOut > 0 ? counted('importing.outcomeLeftOut', hint.leftOut) : '',
    hint.sentAsUnknown > 0 ? counted('importing.outcomeUnknown', hint.sentAsUnknown) : '',
    hint.rejected > 0 ? counted('importing.outcomeRejected', hint.rejected) : '',
  ].filter(Boolean);
  return facts.length ? i18n.t('importing.outcomeLine', { column: hint.column, facts: facts.join('; ') }) : null;
}

/** What the applied mappings did, and the warnings about how the file was read. */
export function MappingOutcome({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  const lines = result.hints.filter((h) => h.applied).flatMap((h) => outcome(h) ?? []);
  if (lines.length === 0 && result.warnings.length === 0) return null;
  return (
    <Alert color={result.warnings.length ? 'orange' : 'blue'} variant="light" title={t('importing.outcomeTitle')}>
      <List size="sm">
        {[...lines, ...result.warnings.map((warning, i) => wordMessage(result.warningMessages?.[i], warning))].map((line) => (
          <List.Item key={line}>
            <Text size="sm">
              <Sentence text={line} />
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
