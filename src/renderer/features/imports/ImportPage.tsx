import { Button, Divider, Paper, Stack, Title } from '@mantine/core';
import { useEffect } from 'react';
import type { MappingKind } from '../../../shared/model';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useConnectors } from '../../stores/connectors';
import { useImports } from '../../stores/imports';
import { ColumnsPanel } from './ColumnsPanel';
import { FileDrop } from './FileDrop';
import { ImportWarnings } from './ImportWarnings';
import { MappingHints, withValueMap } from './MappingHints';
import { ResultPanel } from './ResultPanel';
import { RunPanel } from './RunPanel';
import { AdoptChoice } from './AdoptChoice';
import { SampleTable } from './SampleTable';
import { TargetPanel } from './TargetPanel';
import { beforeImportNote, useSchedulerRunning } from './scheduler-note';
import { EncodingSelect } from './EncodingSelect';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Import: a segment export in, the pending changes out. */
export function ImportPage() {
  const { t } = useTranslation();
  const { stage, inspection, fileName, filePath, fileError, result, choices, pickFile, choose, reset } = useImports();
  const refreshConnectors = useConnectors((s) => s.refresh);
  const schedulerRunning = useSchedulerRunning();
  const batchSize = useConnectors((s) => s.connectors.find((c) => c.name === choices.connector)?.batchSize ?? null);
  useEffect(() => void refreshConnectors(), [refreshConnectors, result]);

  const apply = (kind: MappingKind, column: string, on: boolean) => {
    const map = { ...choices.map };
    if (on) map[kind] = column;
    else delete map[kind];
    choose({ map });
  };

  return (
    <Stack>
      <PageHeader
        title={t('import.title')}
        description={`${t('import.introShort')} ${beforeImportNote(schedulerRunning, batchSize)}`}
        actions={
          inspection &&
          stage !== 'running' && (
            <Button variant="subtle" onClick={reset}>
              {t('import.startOver')}
            </Button>
          )
        }
      />
      {stage === 'done' && result ? (
        <ResultPanel result={result} />
      ) : (
        <>
          {(!inspection || stage === 'pick') && <FileDrop onFile={(f) => void pickFile(f)} busy={stage === 'inspecting'} />}
          <ErrorAlert error={fileError} title={t('import.cannotImport')} />
          {filePath && stage !== 'running' && <EncodingSelect />}
          {inspection && stage !== 'pick' && (
            <>
              <Section title={t('import.fileAsRead')}>
                <SampleTable inspection={inspection} fileName={fileName} />
              </Section>
              <Section title={t('import.whereItGoes')}>
                <TargetPanel />
              </Section>
              <ImportWarnings inspection={inspection} />
              <Section title={t('import.columns')}>
                <ColumnsPanel inspection={inspection} />
                <Divider my="md" label={t('import.hints')} labelPosition="left" />
                <MappingHints
                  hints={inspection.hints}
                  applied={choices.map}
                  onApply={apply}
                  valueMaps={choices.valueMaps}
                  onValueMap={(column, value, to) => choose({ valueMaps: withValueMap(choices.valueMaps, column, value, to) })}
                />
              </Section>
              <RunPanel />
              <AdoptChoice />
            </>
          )}
        </>
      )}
    </Stack>
  );
}
