import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { ConfirmData } from './confirm-dialog.component';
import { LazyDialogService } from './lazy-dialog.service';
import type { RenameData } from './rename-dialog.component';

/** The dialogs' chunks, loaded on first use (or prefetched while the page is idle). */
const loadConfirm = () => import('./confirm-dialog.component').then((m) => m.ConfirmDialogComponent);
const loadRename = () => import('./rename-dialog.component').then((m) => m.RenameDialogComponent);

/** Opens the small shared dialogs and returns their answers as promises. */
@Injectable({ providedIn: 'root' })
export class DialogsService {
  private readonly dialog = inject(LazyDialogService);

  /** @returns true when the user confirmed */
  async confirm(data: ConfirmData): Promise<boolean> {
    const ref = await this.dialog.open<unknown, ConfirmData, boolean>(loadConfirm, data.title, { data, autoFocus: 'dialog' });
    return ref !== null && (await firstValueFrom(ref.afterClosed())) === true;
  }

  /** @returns true when the new name was saved */
  async rename(data: RenameData): Promise<boolean> {
    const ref = await this.dialog.open<unknown, RenameData, boolean>(loadRename, 'Rename', { data });
    return ref !== null && (await firstValueFrom(ref.afterClosed())) === true;
  }

  /** The chunks of these dialogs, for {@link LazyDialogService.prefetch}. */
  static readonly chunks: readonly (() => Promise<unknown>)[] = [loadConfirm, loadRename];
}
