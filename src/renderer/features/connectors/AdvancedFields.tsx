import { Checkbox, NumberInput, Radio, SimpleGrid, Stack, Switch } from '@mantine/core';
import { IDENTIFIER_INFO, LIMITS } from '../../../shared/model';
import type { ConnectorFormValues, FormErrors } from './form-model';
import { CronField } from './CronField';

interface Props {
  values: ConnectorFormValues;
  errors: FormErrors;
  onChange(changes: Partial<ConnectorFormValues>): void;
  onBlur(field: keyof FormErrors): void;
}

/** The settings most people never touch: partner number, batch size, interval, daily limit, auth mode. */
export function AdvancedFields({ values, errors, onChange, onBlur }: Props) {
  const defaultPartner = IDENTIFIER_INFO[values.identifierType].partner;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          label="Partner number"
          description={`Default ${defaultPartner} for ${IDENTIFIER_INFO[values.identifierType].label}`}
          value={values.partnerNumber}
          onChange={(v) => onChange({ partnerNumber: v, partnerCustom: v !== defaultPartner })}
          onBlur={() => onBlur('partnerNumber')}
          error={errors.partnerNumber}
          allowDecimal={false}
          allowNegative={false}
        />
        <NumberInput
          label="Batch size"
          description={`Profiles per request, at most ${LIMITS.maxBatchSize}`}
          value={values.batchSize}
          onChange={(v) => onChange({ batchSize: v })}
          onBlur={() => onBlur('batchSize')}
          error={errors.batchSize}
          allowDecimal={false}
          clampBehavior="none"
        />
        <NumberInput
          label="Flush interval (minutes)"
          description="Sends what is pending this often"
          value={values.flushIntervalMinutes}
          onChange={(v) => onChange({ flushIntervalMinutes: v })}
          onBlur={() => onBlur('flushIntervalMinutes')}
          error={errors.flushIntervalMinutes}
          allowDecimal={false}
          clampBehavior="none"
        />
      </SimpleGrid>
      <CronField values={values} errors={errors} onChange={onChange} />
      <Switch
        label="Webhook Pro: no daily limit"
        checked={values.noDailyLimit}
        onChange={(e) => onChange({ noDailyLimit: e.currentTarget.checked })}
      />
      {!values.noDailyLimit && (
        <NumberInput
          label="Daily request limit"
          description="Requests per day for this Deployteq brand (shared by its webhooks)"
          value={values.dailyLimit}
          onChange={(v) => onChange({ dailyLimit: v })}
          onBlur={() => onBlur('dailyLimit')}
          error={errors.dailyLimit}
          allowDecimal={false}
          thousandSeparator=","
          maw={320}
        />
      )}
      <Radio.Group label="Authentication" value={values.authMode} onChange={(v) => onChange({ authMode: v as ConnectorFormValues['authMode'] })}>
        <Stack gap={6} mt={6}>
          <Radio value="query" label="Token in the URL (?token=), as Deployteq shows it" />
          <Radio value="bearer" label="Authorization: Bearer header" />
        </Stack>
      </Radio.Group>
      <Checkbox
        label="Hold new changes for review"
        description="An import's changes wait in the Queue until you release them (Release in the Queue or Preview); nothing is sent before."
        checked={values.holdForReview}
        onChange={(e) => onChange({ holdForReview: e.currentTarget.checked })}
      />
    </Stack>
  );
}
