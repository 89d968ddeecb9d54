import { expect, test } from '@playwright/test';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen, unmappedValueChoice } from './pages/import';
import { PreviewScreen } from './pages/screens';
import { FIXTURES, sandboxUrl } from './support';

type Body = { campaigns: Array<{ customers: Array<{ customerId: string; params: Array<{ name: string; type: string; value: string }> }> }> };

test('maps the HubSpot values it cannot map in the screen, and the next request holds only Deployteq values', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await new ConnectorsScreen(page).create({ name: 'HubSpot CRM', url: sandboxUrl(), identifier: 'Customer ID' });

  const imports = new ImportScreen(page);
  await app.go('Import');
  await imports.chooseFile(`${FIXTURES}/hubspot-export.csv`);
  await imports.target('HubSpot CRM', 'Contacts');
  await page.getByRole('combobox', { name: /Identifier column/ }).selectOption('Contact ID');
  await expect(imports.hint('Email subscription')).toContainText('"Not specified" × 39');

  await imports.applyMapping('opt-in', 'Email subscription');
  await imports.applyMapping('gender', 'Gender identity');
  const notSpecified = unmappedValueChoice(imports, 'Email subscription', 'Not specified');
  await expect(notSpecified.locator('option:checked')).toHaveText('Reject the row (default)');
  await notSpecified.selectOption('N');
  await expect(unmappedValueChoice(imports, 'Gender identity', "I'd rather not say").locator('option:checked')).toHaveText('Send UNKNOWN (default)');

  await imports.run();
  await expect(imports.count('New', 120)).toBeVisible();
  await expect(imports.count('Rejected rows', 0)).toBeVisible();
  await expect(imports.result.getByRole('alert', { name: 'How values were sent' })).toContainText('“Gender identity”: 20 values it could not map sent as UNKNOWN.');

  const preview = new PreviewScreen(page);
  await page.getByRole('button', { name: 'Preview the payload' }).click();
  await expect(preview.body).toBeVisible();
  const customers = ((await preview.json()) as Body).campaigns[0].customers;
  const values = (name: string) => new Set(customers.map((c) => c.params.find((p) => p.name === name)?.value));
  expect(values('Email subscription')).toEqual(new Set(['Y', 'N']));
  expect(values('Gender identity')).toEqual(new Set(['MAN', 'WOMAN', 'NONBINARY', 'UNKNOWN']));
  const first = customers.find((c) => c.customerId === '5001')!;
  expect(first.params).toContainEqual({ name: 'Email subscription', type: 'string', value: 'N' });
  expect(first.params).toContainEqual({ name: 'Last activity date', type: 'date', value: '2025-02-02T01:07:00' });
});
