import type { SandboxState } from './sandbox';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const SHOWN_MEMBERS = 200;

/** The sandbox's home page: the segments and their members as the received batches left them, and the latest requests. */
export function renderPage(state: SandboxState): string {
  const segments = Object.entries(state.segments);
  const segmentHtml = segments.length
    ? segments
        .map(([name, members]) => {
          const ids = Object.keys(members);
          const rows = ids
            .slice(0, SHOWN_MEMBERS)
            .map((id) => `<tr><td><code>${escape(id)}</code></td><td>${escape(members[id].map((p) => `${p.name}=${p.value}`).join(', '))}</td></tr>`)
            .join('');
          const more = ids.length > SHOWN_MEMBERS ? `<p>…and ${ids.length - SHOWN_MEMBERS} more (see <a href="/state">/state</a>).</p>` : '';
          return `<section><h2>${escape(name)} <small>${ids.length} members</small></h2><table><tr><th>customerId</th><th>params</th></tr>${rows}</table>${more}</section>`;
        })
        .join('')
    : '<p>No batch received yet. Paste the webhook URL into a connector and flush.</p>';
  const requests = state.requests
    .slice(-20)
    .reverse()
    .map(
      (r) =>
        `<tr><td>${new Date(r.at).toISOString()}</td><td>${r.status}</td><td><code>${escape(r.uuid ?? '')}</code></td><td>${r.customers}</td><td>${r.duplicate ? 'duplicate' : r.applied ? 'applied' : escape(r.reason ?? '')}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Canopy Batch sandbox receiver</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}small{color:#777;font-weight:normal}code{font-size:12px}</style>
</head><body><h1>Sandbox receiver</h1>
<p>Webhook endpoint: <code>${escape(state.url)}</code> · requests today: ${state.requestsToday}${state.dailyLimit ? ` of ${state.dailyLimit}` : ''} · batches applied: ${state.applied} · duplicates acknowledged: ${state.duplicates}</p>
${segmentHtml}
<h2>Latest requests</h2><table><tr><th>time</th><th>status</th><th>uuid</th><th>customers</th><th>result</th></tr>${requests}</table>
</body></html>`;
}
