import type { Page } from '@playwright/test';

/** An OS notification the page created, as recorded by {@link recordNotifications}. */
export interface RecordedNotification {
  title: string;
  body: string;
  tag: string;
}

/**
 * Records every `new Notification(...)` of the page in `window.__notes` (the real API
 * still runs; the backend is not touched). Runs before the app's scripts; the test must
 * grant the `notifications` permission.
 */
export async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.Notification;
    const notes: { title: string; body: string; tag: string }[] = [];
    (window as unknown as { __notes: typeof notes }).__notes = notes;
    class Recording extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        notes.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
      }
    }
    Object.defineProperty(Recording, 'permission', { get: () => Original.permission });
    Object.defineProperty(Recording, 'requestPermission', { value: Original.requestPermission.bind(Original) });
    window.Notification = Recording as unknown as typeof Notification;
  });
}

/** The notifications the page created so far, oldest first. */
export async function notes(page: Page): Promise<RecordedNotification[]> {
  return page.evaluate(() => (window as unknown as { __notes: RecordedNotification[] }).__notes);
}
