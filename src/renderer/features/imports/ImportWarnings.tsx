import { Alert, List, NativeSelect, Stack } from '@mantine/core';
import type { DateOrder, ImportInspection } from '../../../shared/model';
import { useImports } from '../../stores/imports';
import { useTranslation } from 'react-i18next';
import { wordMessage } from '../../i18n/say';
import { Sentence } from '../../components/Sentence';

/**
 * What the operator should settle before importing: an action column that a snapshot would send as a
 * variable, dates that read both ways (with the choice of date order).
 */
export function ImportWarnings({ inspection }: { inspection: ImportInspection }) {
  const { t } = useTranslation();
  const { choices, choose, inspect } = useImports();
  if (inspection.warnings.length === 0 && inspection.ambiguousDateColumns.length === 0) return null;
  return (
    <Stack gap="xs">
      {inspection.warnings.length > 0 && (
        <Alert color="orange" variant="light" title={t('importing.checkBefore')}>
          <List size="sm">
            {inspection.warnings.map((warning, i) => (
              <List.Item key={warning}>
                <Sentence text={wordMessage(inspection.warningMessages?.[i], warning)} />
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {inspection.ambiguousDateColumns.length > 0 && (
        <NativeSelect
          label={t('importing.dateOrder')}
          description={t('importing.dateOrderHelp', { columns: inspection.ambiguousDateColumns.map((c) => `“${c}”`).join(', ') })}
          value={choices.dateOrder ?? ''}
          onChange={(e) => {
            choose({ dateOrder: (e.currentTarget.value || null) as DateOrder | null });
            void inspect();
          }}
          data={[
            { value: '', label: t('importing.dateOrderNone') },
            { value: 'dmy', label: t('importing.dateOrderDmy') },
            { value: 'mdy', label: t('importing.dateOrderMdy') },
          ]}
          w={360}
        />
      )}
    </Stack>
  );
}
