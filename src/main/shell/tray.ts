/**
 * The tray icon: the queue at a glance (from queue.status), Flush now, Show window, whether to keep sending
 * when the window is closed, and Quit. The menu is rebuilt when the engine reports a change and every minute
 * (for the countdown to the next flush).
 */
import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { QueueView } from '../../shared/model';
import { plural } from '../../shared/time';
import { trayConnectorLine, trayTooltip } from './desktop-messages';
import type { EngineClient } from '../bridge/engine-client';

export interface TrayOptions {
  iconPaths: { x1: string; x2: string };
  engine: () => EngineClient;
  showWindow: () => void;
  quit: () => void;
  keepRunning: { get(): boolean; set(value: boolean): void };
}

export class AppTray {
  private readonly tray: Tray;
  private queues: QueueView[] | null = null;
  private engineError: string | null = null;
  private flushing = false;
  private refreshTimer: NodeJS.Timeout | null = null;
  private readonly minuteTimer: NodeJS.Timeout;

  constructor(private readonly options: TrayOptions) {
    const image = nativeImage.createFromPath(options.iconPaths.x1);
    const x2 = nativeImage.createFromPath(options.iconPaths.x2);
    if (!x2.isEmpty()) image.addRepresentation({ scaleFactor: 2, buffer: x2.toPNG() });
    this.tray = new Tray(image);
    this.tray.on('click', () => options.showWindow());
    this.render();
    this.minuteTimer = setInterval(() => this.refresh(), 60_000);
    this.refresh();
  }

  /** Re-reads the queue soon; several engine events in a burst make one request. */
  refreshSoon(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, 1_000);
  }

  destroy(): void {
    clearInterval(this.minuteTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.tray.destroy();
  }

  private refresh(): void {
    this.options
      .engine()
      .call('queue.status', {})
      .then((queues) => {
        this.queues = queues;
        this.engineError = null;
      })
      .catch((error: Error) => {
        this.engineError = error.message;
      })
      .finally(() => this.render());
  }

  private render(): void {
    const now = Date.now();
    const status: MenuItemConstructorOptions[] = this.engineError
      ? [{ label: `Engine: ${this.engineError}`, enabled: false }]
      : this.queues === null
        ? [{ label: 'Reading the queue…', enabled: false }]
        : this.queues.length === 0
          ? [{ label: 'No connectors yet', enabled: false }]
          : this.queues.map((queue) => ({ label: trayConnectorLine(queue, now), enabled: false }));
    const template: MenuItemConstructorOptions[] = [
      { label: 'Show Canopy Batch', click: () => this.options.showWindow() },
      { label: this.flushing ? 'Flushing…' : 'Flush now', enabled: !this.flushing && !!this.queues?.length, click: () => this.flushNow() },
      { type: 'separator' },
      ...status,
      { type: 'separator' },
      {
        label: 'Keep sending when the window is closed',
        type: 'checkbox',
        checked: this.options.keepRunning.get(),
        click: (item) => this.options.keepRunning.set(item.checked),
      },
      { label: 'Quit Canopy Batch', click: () => this.options.quit() },
    ];
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
    this.tray.setToolTip(this.engineError ? 'Canopy Batch: the engine is not running' : trayTooltip(this.queues ?? []));
  }

  private flushNow(): void {
    this.flushing = true;
    this.render();
    this.options
      .engine()
      .call('queue.flush', {})
      .then((reports) => {
        const delivered = reports.reduce((sum, r) => sum + r.customersDelivered, 0);
        const batches = reports.reduce((sum, r) => sum + r.batchesSent, 0);
        // Every reason a connector's flush did not deliver all it tried: retries, failures, halts and pauses.
        const problems = reports.flatMap((r) => r.problems ?? []);
        notify(
          problems.length ? 'Flush finished with problems' : 'Flush finished',
          batches === 0 && !problems.length
            ? 'Nothing was waiting to be sent.'
            : `${plural(delivered, 'profile')} delivered in ${plural(batches, 'batch', 'batches')}.${problems.length ? ` ${problems.join(' ')}` : ''}`,
          this.options.showWindow,
        );
      })
      .catch((error: Error) => notify('Flush failed', error.message, this.options.showWindow))
      .finally(() => {
        this.flushing = false;
        this.refresh();
      });
  }
}

/** A desktop notification (where the OS supports them); clicking it shows the window. */
export function notify(title: string, body: string, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title, body });
  if (onClick) notification.on('click', onClick);
  notification.show();
}
